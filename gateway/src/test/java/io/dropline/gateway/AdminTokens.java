package io.dropline.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** Key pairs and admin JWTs made by the tests, and the bootstrap calls that configure a tenant's Spotlight. */
final class AdminTokens {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private AdminTokens() {
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException failed) {
            throw new IllegalStateException(failed);
        }
    }

    static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException failed) {
            throw new IllegalStateException(failed);
        }
    }

    /** A valid-for-10-minutes token for {@code sub}, with whatever the customizer changes. */
    static String token(JWK key, String subject, UnaryOperator<JWTClaimsSet.Builder> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
        return sign(key, claims.apply(builder).build());
    }

    static String token(JWK key, String subject) {
        return token(key, subject, b -> b);
    }

    static String sign(JWK key, JWTClaimsSet claims) {
        try {
            JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
            JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException failed) {
            throw new IllegalStateException(failed);
        }
    }

    /** {@code {"keys": [...]}} of the public halves. */
    static List<Map<String, Object>> publicKeys(JWK... keys) {
        return java.util.Arrays.stream(keys).map(key -> key.toPublicJWK().toJSONObject()).toList();
    }

    /** PUT /api/v1/settings/spotlight with the tenant's secret key (the bootstrap path); expects 200. */
    static void configure(WebTestClient client, String secretKey, Map<String, Object> document) {
        client.put().uri("/api/v1/settings/spotlight").header("Authorization", "Bearer " + secretKey)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(document))
                .exchange().expectStatus().isOk();
    }

    /** POST /api/v1/settings/spotlight/admin-users with the tenant's secret key; expects 201. */
    static void addAdmin(WebTestClient client, String secretKey, String userId, String email) {
        client.post().uri("/api/v1/settings/spotlight/admin-users").header("Authorization", "Bearer " + secretKey)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(Map.of("user_id", userId, "email", email)))
                .exchange().expectStatus().isCreated();
    }

    static Map<String, Object> inlineJwks(JWK... keys) {
        return Map.of("keys", publicKeys(keys));
    }
}
