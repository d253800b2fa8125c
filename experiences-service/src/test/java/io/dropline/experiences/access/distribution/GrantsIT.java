package io.dropline.experiences.access.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.distribution.Grants.GrantRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/** The one grant path of every distribution type: the claims a grant carries, and what validate checks. */
@RequiresInfra
@SpringBootTest
class GrantsIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences", TestInfra.freshDatabase("experiences"), TestInfra.freshRedisNamespace());
    }

    @Autowired
    Grants grants;

    final UUID org = UUID.randomUUID();
    final UUID experience = UUID.randomUUID();
    final UUID sequence = UUID.randomUUID();
    final UUID consumer = UUID.randomUUID();
    final UUID grantId = UUID.randomUUID();
    final Instant grantedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final Instant expiresAt = grantedAt.plusSeconds(600);

    DistributionRef queue(UUID id) {
        return new DistributionRef("queue", Ids.format("queue", id), org, Environment.TEST, experience, sequence);
    }

    @Test
    void whenSignedThenTheClaimsAreExactlyThoseQueueGrantsAlwaysHad() throws Exception {
        UUID queueId = UUID.randomUUID();
        SignedJWT jwt = SignedJWT.parse(grants.sign(queue(queueId), consumer, grantId, grantedAt, expiresAt).block());

        assertThat(jwt.getHeader().getType().getType()).isEqualTo("dropline-grant+jwt");
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("iss", "dropline");
        expected.put("sub", Ids.format("cons", consumer));
        expected.put("jti", Ids.format("grant", grantId));
        expected.put("iat", Date.from(grantedAt));
        expected.put("exp", Date.from(expiresAt));
        expected.put("organizationId", Ids.format("org", org));
        expected.put("environment", "test");
        expected.put("consumerId", Ids.format("cons", consumer));
        expected.put("distributionType", "queue");
        expected.put("distributionId", Ids.format("queue", queueId));
        expected.put("experienceId", Ids.format("exp", experience));
        expected.put("sequenceId", Ids.format("seq", sequence));
        assertThat(jwt.getJWTClaimsSet().getClaims()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void whenValidatedThenTheTypesRecordDecidesAndAnotherDistributionOrTypeIsInvalid() {
        UUID queueId = UUID.randomUUID();
        String token = grants.sign(queue(queueId), consumer, grantId, grantedAt, expiresAt).block();
        String subject = Ids.format("cons", consumer);

        Grants.Validation live = grants.validate(queue(queueId), subject, token,
                id -> id.equals(grantId) ? Mono.just(new GrantRecord(GrantRecord.State.LIVE, expiresAt)) : Mono.empty()).block();
        assertThat(live).isEqualTo(new Grants.Validation(true, null, subject, Ids.format("queue", queueId), expiresAt));

        assertThat(grants.validate(queue(queueId), subject, token,
                id -> Mono.just(new GrantRecord(GrantRecord.State.COMPLETED, expiresAt))).block().reason()).isEqualTo("ALREADY_COMPLETED");
        assertThat(grants.validate(queue(queueId), subject, token,
                id -> Mono.just(new GrantRecord(GrantRecord.State.REVOKED, expiresAt))).block().reason()).isEqualTo("GRANT_REVOKED");
        assertThat(grants.validate(queue(queueId), subject, token,
                id -> Mono.just(new GrantRecord(GrantRecord.State.LIVE, Instant.now().minusSeconds(1)))).block().reason())
                .isEqualTo("GRANT_EXPIRED");
        assertThat(grants.validate(queue(queueId), subject, token, id -> Mono.empty()).block().reason()).isEqualTo("INVALID_GRANT");
        // Another distribution, another type with the same id, another consumer, garbage: never valid, and the record is not asked.
        Mono<GrantRecord> never = Mono.error(new AssertionError("record asked"));
        assertThat(grants.validate(queue(UUID.randomUUID()), subject, token, id -> never).block().reason()).isEqualTo("INVALID_GRANT");
        DistributionRef draw = new DistributionRef("draw", Ids.format("queue", queueId), org, Environment.TEST, experience, sequence);
        assertThat(grants.validate(draw, subject, token, id -> never).block().reason()).isEqualTo("INVALID_GRANT");
        assertThat(grants.validate(queue(queueId), Ids.format("cons", UUID.randomUUID()), token, id -> never).block().reason())
                .isEqualTo("INVALID_GRANT");
        assertThat(grants.validate(queue(queueId), subject, "not-a-jwt", id -> never).block().reason()).isEqualTo("INVALID_GRANT");
    }

    @Test
    void whenCompletingThenAPresentedGrantMustBeGenuine() {
        String token = grants.sign(queue(UUID.randomUUID()), consumer, grantId, grantedAt, expiresAt).block();
        assertThat(grants.idOfPresented(token).block()).contains(grantId);
        assertThat(grants.idOfPresented(null).block()).isEmpty();
        assertThat(grants.idOfPresented(token.substring(0, token.length() - 4) + "AAAA").onErrorResume(bad -> Mono.empty()).block()).isNull();
    }
}
