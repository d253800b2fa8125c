package io.dropline.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RedisSwitchTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final FallbackMeters meters = new FallbackMeters(registry);
    private final RedisSwitch redisSwitch = new RedisSwitch(Clock.systemUTC(), Duration.ofSeconds(1), meters);

    @Test
    void whenRedisFailsThenEachSwitchToLocalBucketsIsCountedOnceByReasonAndTheGaugeShowsIt() {
        meters.watch(redisSwitch::healthy);
        assertThat(registry.get("dropline.ratelimit.local").gauge().value()).isZero();

        redisSwitch.failed(new TimeoutException("slow"));
        redisSwitch.failed(new TimeoutException("still slow"));
        assertThat(registry.get("dropline.ratelimit.fallbacks").tag("reason", "timeout").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dropline.ratelimit.local").gauge().value()).isEqualTo(1.0);

        redisSwitch.succeeded();
        redisSwitch.failed(new IllegalStateException("connection refused"));
        assertThat(registry.get("dropline.ratelimit.fallbacks").tag("reason", "error").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dropline.ratelimit.fallbacks").tag("reason", "timeout").counter().count()).isEqualTo(1.0);
    }
}
