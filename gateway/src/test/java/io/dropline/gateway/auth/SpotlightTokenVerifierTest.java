package io.dropline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.error.ApiException;
import io.dropline.gateway.adminuser.AdminUserService;
import io.dropline.gateway.caller.AuthenticatedKey;
import io.dropline.gateway.caller.KeyType;
import io.dropline.gateway.config.SpotlightProperties;
import io.dropline.gateway.spotlight.ConfigDocument;
import io.dropline.gateway.spotlight.ConfigDocument.AdminStrategy;
import io.dropline.gateway.spotlight.ConfigDocument.JwksSource;
import io.dropline.gateway.spotlight.SpotlightConfig;
import io.dropline.gateway.spotlight.SpotlightConfigService;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The verifier's error boundaries: the token's faults are 401/403, a dependency's are its own (→ 503). */
class SpotlightTokenVerifierTest {

    private static final RSAKey KEY = rsa();
    private static final AuthenticatedKey API_KEY = new AuthenticatedKey(UUID.randomUUID(), UUID.randomUUID(), KeyType.SECRET,
            Environment.LIVE, Map.of());

    private final SpotlightConfigService configs = mock(SpotlightConfigService.class);
    private final AdminUserService users = mock(AdminUserService.class);
    private final SpotlightTokenVerifier verifier = new SpotlightTokenVerifier(configs, users,
            new AdminJwks(new SpotlightProperties.Jwks(false, Duration.ofMinutes(5), Duration.ofSeconds(30),
                    Duration.ofSeconds(2), 65536, Duration.ofSeconds(60))), Duration.ofSeconds(60), Clock.systemUTC());

    private static RSAKey rsa() {
        try {
            return new RSAKeyGenerator(2048).keyID("k1").generate();
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    private static String token(String subject, UnaryOperator<JWTClaimsSet.Builder> claims) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(subject)
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(),
                claims.apply(builder).build());
        jwt.sign(new RSASSASigner(KEY));
        return jwt.serialize();
    }

    private void tenant(AdminStrategy strategy) {
        ConfigDocument document = new ConfigDocument(strategy, new JwksSource(null, java.util.List.of(KEY.toPublicJWK().toJSONObject()),
                null, null), null, null);
        when(configs.current(any(), any())).thenReturn(Mono.just(new SpotlightConfig(document, true, true, Instant.now(),
                Map.of("k1", KEY.toPublicJWK()))));
    }

    private static void expectStatus(Mono<?> answer, int status) {
        StepVerifier.create(answer)
                .expectErrorSatisfies(failed -> assertThat(failed).isInstanceOfSatisfying(ApiException.class,
                        api -> assertThat(api.status().value()).isEqualTo(status)))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void whenMatchingOnEmailThenTheEmailMustBeVerified() throws Exception {
        tenant(new AdminStrategy("table_lookup", "email", null, null));
        when(users.activeAdminRole(any(), any(), eq("email"), eq("boss@example.com"))).thenReturn(Mono.just("editor"));
        expectStatus(verifier.verify(token("u1", c -> c.claim("email", "boss@example.com")), API_KEY), 403);
        expectStatus(verifier.verify(token("u1", c -> c.claim("email", "boss@example.com").claim("email_verified", false)), API_KEY), 403);
        expectStatus(verifier.verify(token("u1", c -> c.claim("email", "boss@example.com").claim("email_verified", "yes")), API_KEY), 403);
        verify(users, never()).activeAdminRole(any(), any(), any(), any());
        StepVerifier.create(verifier.verify(token("u1", c -> c.claim("email", "boss@example.com").claim("email_verified", true)), API_KEY))
                .assertNext(admin -> {
                    assertThat(admin.role()).isEqualTo("editor");
                    assertThat(admin.principal().id()).isEqualTo("u1");
                })
                .verifyComplete();
    }

    @Test
    void whenADependencyFailsThenItsErrorPropagatesInsteadOfA401() throws Exception {
        R2dbcNonTransientResourceException down = new R2dbcNonTransientResourceException("connection refused");
        when(configs.current(any(), any())).thenReturn(Mono.error(down));
        StepVerifier.create(verifier.verify(token("u1", c -> c), API_KEY)).expectErrorMatches(down::equals).verify();

        tenant(new AdminStrategy("table_lookup", "sub", null, null));
        when(users.activeAdminRole(any(), any(), any(), any())).thenReturn(Mono.error(down));
        StepVerifier.create(verifier.verify(token("u1", c -> c), API_KEY)).expectErrorMatches(down::equals).verify();
    }

    @Test
    void whenTheTokenIsBadThen401AndRolesFollowTheStrategy() throws Exception {
        tenant(new AdminStrategy("all_authenticated", null, null, null));
        for (String bad : new String[] {"garbage", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30.x", token("u\u0000x", c -> c)}) {
            expectStatus(verifier.verify(bad, API_KEY), 401);
        }
        StepVerifier.create(verifier.verify(token("u1", c -> c), API_KEY))
                .assertNext(admin -> assertThat(admin.role()).isEqualTo("admin"))
                .verifyComplete();
        tenant(new AdminStrategy("table_lookup", "sub", null, null));
        when(users.activeAdminRole(any(), any(), eq("sub"), eq("u2"))).thenReturn(Mono.empty());
        expectStatus(verifier.verify(token("u2", c -> c), API_KEY), 403);
    }
}
