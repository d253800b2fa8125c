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

    @Test
    void aSpotlightAdminWithAnyIdentityProviderSubjectAndTheKillSwitchStateSurviveTheTrip() {
        InternalContext context = codec.create(UUID.randomUUID(), Environment.LIVE, ApiSurface.SPOTLIGHT_ADMIN,
                        Principal.adminUser("auth0|user_789 é|x", "key_01JD3Q6Z8WQ0X5T9R2M4N7B1CE"), "req-2")
                .withDisabledFeatures(java.util.Set.of("tours", "content"));
        InternalContext verified = codec.verify(codec.sign(context)).orElseThrow();
        assertThat(verified).isEqualTo(context);
        assertThat(verified.principal().isAdminUser()).isTrue();
        assertThat(verified.featureDisabled("tours")).isTrue();
        assertThat(codec.create(UUID.randomUUID(), Environment.LIVE, ApiSurface.SDK, Principal.apiKey("key_a"), "r")
                .disabledFeatures()).isEmpty();
    }

    @Test
    void aContextSignedBeforeTheKillSwitchFieldExistedIsStillRead() {
        UUID org = UUID.randomUUID();
        String payload = String.join("|", "v1", org.toString(), "LIVE", "SDK", "api_key", "key_a", "key_a", "r",
                Long.toString(now.plusSeconds(30).getEpochSecond()));
        String body = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String signature = codec.sign(codec.create(org, Environment.LIVE, ApiSurface.SDK, Principal.apiKey("key_a"), "r"));
        // Re-sign the old nine-field form with the same key: only the signer can make one.
        String header = body + "." + hmac(body);
        assertThat(signature).isNotEqualTo(header);
        assertThat(codec.verify(header)).get().satisfies(context -> {
            assertThat(context.organizationId()).isEqualTo(org);
            assertThat(context.disabledFeatures()).isEmpty();
        });
    }

    private static String hmac(String body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
