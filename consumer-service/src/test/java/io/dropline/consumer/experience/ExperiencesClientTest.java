package io.dropline.consumer.experience;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** experiences-service not running at all: a typed failure, quickly, never an empty participation list. */
class ExperiencesClientTest {

    private static final InternalContextCodec CODEC = new InternalContextCodec("unit-test-internal-secret-0123456789abcdef");

    @Test
    void whenNothingListensThenExperiencesUnavailable() {
        DisposableServer gone = HttpServer.create().host("127.0.0.1").port(0).bindNow();
        int port = gone.port();
        gone.disposeNow();
        ExperiencesClient client = new ExperiencesClient(new StaticListableBeanFactory().getBeanProvider(WebClient.Builder.class),
                CODEC, CircuitBreakerRegistry.ofDefaults(), new ExperiencesProperties("http://127.0.0.1:" + port,
                        Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(1200)));
        InternalContext caller = CODEC.create(UUID.randomUUID(), Environment.LIVE, ApiSurface.CONSUMER,
                Principal.consumer(Ids.newId("cons"), "key_pk"), "req-unit");

        StepVerifier.create(client.participations(caller, Ids.newUuid()))
                .expectErrorSatisfies(failure -> assertThat(failure).isInstanceOf(ExperiencesUnavailableException.class))
                .verify(Duration.ofSeconds(5));
    }
}
