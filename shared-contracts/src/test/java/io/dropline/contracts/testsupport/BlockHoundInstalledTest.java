package io.dropline.contracts.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Proves that BlockHound watches every test JVM: a blocking read on a non-blocking thread fails the chain. */
class BlockHoundInstalledTest {

    @Test
    void whenCodeBlocksOnANonBlockingThreadThenBlockHoundRaisesAnError() throws IOException {
        Path file = Files.createTempFile("blockhound", ".txt");
        Files.writeString(file, "x");
        Mono<Integer> blockingRead = Mono.fromCallable(() -> readFirstByte(file)).subscribeOn(Schedulers.parallel());
        StepVerifier.create(blockingRead)
                .expectErrorSatisfies(error -> assertThat(error.getClass().getName()).isEqualTo("reactor.blockhound.BlockingOperationError"))
                .verify();
        StepVerifier.create(Mono.fromCallable(() -> readFirstByte(file)).subscribeOn(Schedulers.boundedElastic()))
                .expectNext((int) 'x')
                .verifyComplete();
    }

    private static int readFirstByte(Path file) throws IOException {
        try (InputStream in = new java.io.FileInputStream(file.toFile())) {
            return in.read();
        }
    }
}
