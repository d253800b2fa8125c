package io.dropline.gateway.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.web.DroplineWebProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class OperatorTokensTest {

    private static final DroplineWebProperties WEB =
            new DroplineWebProperties("internal-secret-0123456789abcdef-0123", "cursor-secret-0123456789abcdef-0123", true, null, null);
    private static final UUID ORG = UUID.fromString("0190f0f0-0000-7000-8000-000000000001");
    private static final UUID KEY = UUID.fromString("0190f0f0-0000-7000-8000-000000000002");

    private final OperatorTokens tokens = new OperatorTokens(WEB);

    @Test
    void aMintedTokenVerifiesToItsGrant() {
        OperatorTokens.Grant grant = tokens.grant(ORG, Environment.TEST, KEY, "queue_A1", "seq_B2");
        String token = tokens.mint(grant);
        assertThat(token).startsWith("dlop_");
        assertThat(tokens.verify(token)).contains(grant);
        assertThat(grant.expiresAt()).isBetween(Instant.now().plus(OperatorTokens.TTL).minusSeconds(5),
                Instant.now().plus(OperatorTokens.TTL).plusSeconds(1));
    }

    @Test
    void tamperedForeignAndExpiredTokensAreRefused() {
        String token = tokens.mint(tokens.grant(ORG, Environment.LIVE, KEY, "queue_A1", "seq_B2"));
        String body = token.substring(5, token.indexOf('.'));
        String other = tokens.mint(tokens.grant(ORG, Environment.LIVE, KEY, "queue_OTHER", "seq_B2"));
        assertThat(tokens.verify("dlop_" + other.substring(5, other.indexOf('.')) + token.substring(token.indexOf('.')))).isEmpty();
        assertThat(tokens.verify(token.replace("dlop_", ""))).isEmpty();
        assertThat(tokens.verify("dlop_" + body)).isEmpty();
        assertThat(tokens.verify("dlop_%%%.%%%")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
        DroplineWebProperties otherSecret =
                new DroplineWebProperties("another-secret-0123456789abcdef-012", "cursor-secret-0123456789abcdef-0123", true, null, null);
        assertThat(new OperatorTokens(otherSecret).verify(token)).isEmpty();
        OperatorTokens past = new OperatorTokens(WEB, Clock.fixed(Instant.now().minus(OperatorTokens.TTL).minusSeconds(1), ZoneOffset.UTC));
        assertThat(tokens.verify(past.mint(past.grant(ORG, Environment.LIVE, KEY, "queue_A1", "seq_B2")))).isEmpty();
    }

    @Test
    void aGrantPermitsOnlyItsQueuesViewAndControls() {
        OperatorTokens.Grant grant = tokens.grant(ORG, Environment.LIVE, KEY, "queue_A1", "seq_B2");
        assertThat(grant.permits(HttpMethod.GET, "/api/v1/queues/queue_A1")).isTrue();
        assertThat(grant.permits(HttpMethod.PUT, "/api/v1/queues/queue_A1")).isTrue();
        assertThat(grant.permits(HttpMethod.GET, "/api/v1/sequences/seq_B2/metrics")).isTrue();
        assertThat(grant.permits(HttpMethod.DELETE, "/api/v1/queues/queue_A1")).isFalse();
        assertThat(grant.permits(HttpMethod.GET, "/api/v1/queues/queue_OTHER")).isFalse();
        assertThat(grant.permits(HttpMethod.GET, "/api/v1/sequences/seq_OTHER/metrics")).isFalse();
        assertThat(grant.permits(HttpMethod.POST, "/api/v1/queues/queue_A1/admit")).isFalse();
        assertThat(grant.permits(HttpMethod.GET, "/api/v1/queues")).isFalse();
        assertThat(grant.permits(HttpMethod.POST, "/api/v1/operator-sessions")).isFalse();
    }
}
