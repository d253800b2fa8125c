package io.dropline.commerce.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The feed fetch with the SSRF guard on (as in production): loopback, private, link-local/metadata addresses and
 * plain http are refused before any connection; the test's server never sees a request. With redirects, every hop
 * goes through the same guard (FeedImportIT's {@code /sneaky}): a Location at a private address is refused like a
 * first URL there.
 */
class FeedFetcherGuardTest {

    HttpServer server;
    AtomicInteger requests = new AtomicInteger();
    FeedFetcher guarded = new FeedFetcher(new FeedProperties(Duration.ofSeconds(1), 4096, 3, 100, false));

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "https://10.0.0.1/feed");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void whenTheFeedOrARedirectPointsAtANonPublicAddressThenTheFetchIsRefusedWithoutAConnection() {
        int port = server.getAddress().getPort();
        for (String url : new String[] {"https://127.0.0.1:" + port + "/feed", "http://127.0.0.1:" + port + "/feed",
                "https://localhost:" + port + "/feed", "https://10.0.0.1/feed", "https://169.254.169.254/latest/meta-data",
                "https://[::1]:" + port + "/", "https://user:pw@example.com/feed"}) {
            StepVerifier.create(guarded.fetch(url))
                    .expectErrorSatisfies(failure -> assertThat(failure).isInstanceOf(FeedFetcher.FeedFailure.class)
                            .hasMessageContaining("refused"))
                    .verify(Duration.ofSeconds(10));
        }
        assertThat(requests.get()).isZero();
    }
}
