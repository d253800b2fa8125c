package io.dropline.contracts.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InternalContextCodecTest {

    private static final String SECRET = "a-test-internal-secret-of-enough-length";
    private final Instant now = Instant.parse("2026-11-22T12:00:00Z");
    private final InternalContextCodec codec = new InternalContextCodec(SECRET, Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void whenSignedThenVerifiedToTheSameContext() {
        InternalContext context = codec.create(UUID.randomUUID(), Environment.TEST, ApiSurface.CONSUMER,
                Principal.consumer("cons_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "key_01JD3Q6Z8WQ0X5T9R2M4N7B1CE"), "req-1");
        assertThat(codec.verify(codec.sign(context))).contains(context);
    }

    @Test
    void whenTamperedForgedOrExpiredThenRejected() {
        InternalContext context = codec.create(UUID.randomUUID(), Environment.LIVE, ApiSurface.ADMIN, Principal.apiKey("key_a"), "r");
        String header = codec.sign(context);
        InternalContextCodec otherSecret = new InternalContextCodec("another-secret-that-is-long-enough-too", Clock.fixed(now, ZoneOffset.UTC));
        assertThat(otherSecret.verify(header)).isEmpty();
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            String tampered = header.substring(0, i) + (c == 'A' ? 'B' : 'A') + header.substring(i + 1);
            if (!tampered.equals(header)) {
                assertThat(codec.verify(tampered)).as("tampered at %d", i).isEmpty();
            }
        }
        InternalContextCodec later = new InternalContextCodec(SECRET, Clock.fixed(now.plus(Duration.ofMinutes(2)), ZoneOffset.UTC));
        assertThat(later.verify(header)).isEmpty();
        assertThat(codec.verify(null)).isEmpty();
        assertThat(codec.verify("no-dot")).isEmpty();
        assertThat(codec.verify("x".repeat(5000))).isEmpty();
    }
}
