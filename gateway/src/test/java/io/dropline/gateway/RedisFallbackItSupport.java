package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.gateway.Tenants.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The check both Redis-fault tests make: every request answered promptly by the local buckets, and still limited. */
final class RedisFallbackItSupport {

    private RedisFallbackItSupport() {
    }

    static void assertPromptAndStillLimited(WebTestClient client, ApplicationContext context, String slug) {
        Tenant tenant = Tenants.create(context, slug, "{\"read\": {\"perMinute\": 60, \"burst\": 3}}");
        List<Integer> statuses = new ArrayList<>();
        List<Duration> durations = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long started = System.nanoTime();
            var result = client.get().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + tenant.liveSecret())
                    .exchange().returnResult(Void.class);
            durations.add(Duration.ofNanos(System.nanoTime() - started));
            statuses.add(result.getStatus().value());
            if (result.getStatus().value() == 200) {
                assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("60");
            }
        }
        // The first request also pays for the key look-up and connection warm-up; every later one must be prompt.
        assertThat(durations.subList(1, durations.size())).allSatisfy(duration -> assertThat(duration).isLessThan(Duration.ofMillis(200)));
        assertThat(statuses.subList(0, 3)).containsOnly(200);
        assertThat(statuses.subList(3, statuses.size())).containsOnly(429);
    }
}
