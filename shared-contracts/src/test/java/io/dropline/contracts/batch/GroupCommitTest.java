package io.dropline.contracts.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class GroupCommitTest {

    @Test
    void whenManyCallersSubmitAtOnceThenBatchesAreBoundedConcurrentAtMostAsAllowedAndEachCallerGetsItsOwnResult() {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        GroupCommit<Integer, String> commits = new GroupCommit<>(8, 2, batch -> Mono.fromSupplier(() -> {
                    sizes.add(batch.size());
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    return batch.stream().map(i -> "done " + i).toList();
                })
                .delayElement(Duration.ofMillis(20))
                .doOnNext(done -> running.decrementAndGet()));

        List<String> answers = Flux.range(0, 100).flatMap(i -> commits.submit(i).map(answer -> i + ":" + answer), 100)
                .collectList().block(Duration.ofSeconds(10));

        assertThat(answers).hasSize(100).allSatisfy(answer -> {
            String[] parts = answer.split(":");
            assertThat(parts[1]).isEqualTo("done " + parts[0]);
        });
        assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, 8));
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
        assertThat(sizes.size()).as("batches").isLessThan(100);
        assertThat(mostRunning.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void whenABatchFailsThenEachOfItsCallersGetsTheBatchsErrorAndLaterBatchesStillRun() {
        AtomicInteger batches = new AtomicInteger();
        IllegalStateException down = new IllegalStateException("PostgreSQL is down");
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(64, 1,
                batch -> batches.incrementAndGet() == 1 ? Mono.delay(Duration.ofMillis(50)).then(Mono.error(down))
                        : Mono.just(batch));

        List<Throwable> failures = Flux.range(0, 10).flatMap(i -> commits.submit(i).then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just), 10).collectList().block(Duration.ofSeconds(10));
        assertThat(failures).isNotEmpty().allSatisfy(failure -> assertThat(failure).isSameAs(down));

        StepVerifier.create(commits.submit(7)).expectNext(7).verifyComplete();
    }

    @Test
    void whenACommitAnswersTheWrongNumberOfResultsThenItsCallersFailRatherThanHang() {
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(4, 1, batch -> Mono.just(List.of()));
        StepVerifier.create(commits.submit(1)).expectError(IllegalStateException.class).verify(Duration.ofSeconds(5));
    }
}
