package io.dropline.gateway.streamtoken;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.web.DroplineWebProperties;
import io.dropline.gateway.config.StreamTokenProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamTokensTest {

    private static final DroplineWebProperties WEB =
            new DroplineWebProperties("internal-secret-0123456789abcdef-0123", "cursor-secret-0123456789abcdef-0123", true, null, null);
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    private final StreamTokens tokens = at(NOW, "");

    @Test
    void aMintedTokenVerifiesToItsGrantUntilItExpires() {
        StreamTokens.Grant grant = grant(tokens);
        String token = tokens.mint(grant);
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(tokens.verify(token)).contains(grant);
        assertThat(grant.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(at(NOW.plus(Duration.ofMinutes(5)).minusSeconds(1), "").verify(token)).contains(grant);
        assertThat(at(NOW.plus(Duration.ofMinutes(5)), "").verify(token)).isEmpty();
    }

    @Test
    void anythingNotSignedWithThisKeyIsRefused() {
        String token = tokens.mint(grant(tokens));
        int dot = token.indexOf('.');
        // Claims changed (another path) but the old signature kept.
        String claims = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8)
                .replace("que_1", "que_2");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + token.substring(dot);
        assertThat(tokens.verify(forged)).isEmpty();
        // Another secret (a configured one instead of the derived one).
        assertThat(at(NOW, "another-stream-token-secret-0123456789").verify(token)).isEmpty();
        for (String junk : new String[] {"", ".", "a.b", token + ".x", token.substring(0, dot), "%%%.***", "x".repeat(2000)}) {
            assertThat(tokens.verify(junk)).as(junk).isEmpty();
        }
        assertThat(tokens.verify(null)).isEmpty();
    }

    @Test
    void onlyStatusStreamsOfTheStreamingTypesAreStreamPaths() {
        assertThat(StreamTokens.isStreamPath("/api/v1/queues/que_1/status")).isTrue();
        assertThat(StreamTokens.isStreamPath("/api/v1/timed-releases/tr_1/status")).isTrue();
        assertThat(StreamTokens.isStreamPath("/api/v1/queues/que_1/enter")).isFalse();
        assertThat(StreamTokens.isStreamPath("/api/v1/appointments/apt_1/status")).isFalse();
        assertThat(StreamTokens.isStreamPath("/api/v1/queues/../status")).isFalse();
        assertThat(StreamTokens.isStreamPath("/api/v1/queues/a/b/status")).isFalse();
    }

    private static StreamTokens.Grant grant(StreamTokens tokens) {
        return tokens.grant(UUID.fromString("0193a1a2-0000-7000-8000-000000000001"), Environment.LIVE,
                UUID.fromString("0193a1a2-0000-7000-8000-000000000002"), "cons_1", "sess_1", true, "/api/v1/queues/que_1/status");
    }

    private static StreamTokens at(Instant now, String secret) {
        return new StreamTokens(new StreamTokenProperties(Duration.ofMinutes(5), secret), WEB, Clock.fixed(now, ZoneOffset.UTC));
    }
}
