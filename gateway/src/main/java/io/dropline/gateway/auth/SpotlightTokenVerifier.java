package io.dropline.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.gateway.adminuser.AdminUserService;
import io.dropline.gateway.caller.AuthenticatedKey;
import io.dropline.gateway.spotlight.ControlCharacters;
import io.dropline.gateway.spotlight.ConfigDocument.AdminStrategy;
import io.dropline.gateway.spotlight.ConfigDocument.JwksSource;
import io.dropline.gateway.spotlight.SpotlightConfig;
import io.dropline.gateway.spotlight.SpotlightConfigService;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Verifies Spotlight admin JWTs (api-decisions.md, "Auth"): the header must say RS256 or ES256 with a {@code kid}
 * ({@code none}, HS* and anything else are refused before a key is looked at); the key comes from the tenant's
 * JWKS (inline, or its URL through {@link AdminJwks}) and must be of the algorithm's type (an RSA key for RS256, a
 * P-256 key for ES256), so no algorithm confusion is possible; {@code exp} is required and {@code exp}, {@code nbf},
 * {@code iat} are checked with a small skew; {@code iss} and {@code aud} when the tenant configured them. Then the
 * tenant's admin strategy decides: not an admin → 403. Only what the token itself causes is a 401; a database or Redis
 * failure behind the config or admin-user look-up propagates, so the shared error mapping answers 503 (an outage is
 * not the client's fault, and a 401 would send admins to log in again for nothing).
 */
public class SpotlightTokenVerifier implements AdminTokenVerifier {

    private static final int MAX_TOKEN_LENGTH = 8192;
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final SpotlightConfigService configs;
    private final AdminUserService users;
    private final AdminJwks jwks;
    private final Duration skew;
    private final Clock clock;

    /** A token whose header passed the allow-list. */
    private record Parsed(SignedJWT jwt, JWSAlgorithm algorithm, String kid) {
    }

    public SpotlightTokenVerifier(SpotlightConfigService configs, AdminUserService users, AdminJwks jwks, Duration skew,
            Clock clock) {
        this.configs = configs;
        this.users = users;
        this.jwks = jwks;
        this.skew = skew;
        this.clock = clock;
    }

    @Override
    public Mono<Admin> verify(String token, AuthenticatedKey key) {
        return Mono.fromCallable(() -> parse(token))
                .flatMap(parsed -> configs.current(key.organizationId(), key.environment())
                        .flatMap(config -> signingKey(config, key, parsed)
                                .map(publicKey -> verifiedClaims(parsed, publicKey, config.jwks()))
                                .flatMap(claims -> authorize(config, claims, key))));
    }

    /** The token's header, allow-listed. Whatever a hostile token makes the parser throw is a 401, nothing else. */
    private static Parsed parse(String token) {
        try {
            return parseHeader(token);
        } catch (ApiException refused) {
            throw refused;
        } catch (ParseException | RuntimeException malformed) {
            throw invalid();
        }
    }

    private static Parsed parseHeader(String token) throws ParseException {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        // alg "none" is not a JWS: SignedJWT.parse refuses it outright.
        SignedJWT jwt = SignedJWT.parse(token);
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm()) || header.getKeyID() == null
                || (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType()))
                || header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw invalid();
        }
        return new Parsed(jwt, header.getAlgorithm(), header.getKeyID());
    }

    private Mono<JWK> signingKey(SpotlightConfig config, AuthenticatedKey key, Parsed parsed) {
        JwksSource source = config.jwks();
        if (source == null || (source.url() == null && source.keys() == null)) {
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED,
                    "No JWKS is configured for this tenant, so no admin token can be verified", "UNAUTHORIZED"));
        }
        Mono<JWK> found = source.url() != null
                ? jwks.key(Ids.format("org", key.organizationId()) + ":" + key.environment().wire(), source.url(), parsed.kid())
                : Mono.justOrEmpty(config.inlineKeys().get(parsed.kid()));
        return found.switchIfEmpty(Mono.error(SpotlightTokenVerifier::invalid));
    }

    private JWTClaimsSet verifiedClaims(Parsed parsed, JWK publicKey, JwksSource source) {
        try {
            if (publicKey.getAlgorithm() != null && !parsed.algorithm().equals(publicKey.getAlgorithm())) {
                throw invalid();
            }
            if (!parsed.jwt().verify(verifier(parsed.algorithm(), publicKey))) {
                throw invalid();
            }
            JWTClaimsSet claims = parsed.jwt().getJWTClaimsSet();
            checkLifetime(claims);
            if (source.issuer() != null && !source.issuer().equals(claims.getIssuer())) {
                throw invalid();
            }
            List<String> audiences = source.audiences();
            if (audiences != null && !audiences.isEmpty()
                    && (claims.getAudience() == null || claims.getAudience().stream().noneMatch(audiences::contains))) {
                throw invalid();
            }
            String subject = claims.getSubject();
            // The subject becomes the principal, the audit actor and maybe a look-up value: no control characters
            // (PostgreSQL refuses NUL in text).
            if (subject == null || subject.isEmpty() || subject.length() > 255 || ControlCharacters.in(subject)) {
                throw invalid();
            }
            return claims;
        } catch (ApiException refused) {
            throw refused;
        } catch (JOSEException | ParseException | RuntimeException malformed) {
            // Signature and claims checks only touch the token: anything they throw is the token's fault.
            throw invalid();
        }
    }

    /** The key's type decides the verifier, and it must be the one the algorithm needs. */
    private static JWSVerifier verifier(JWSAlgorithm algorithm, JWK key) throws JOSEException {
        if (JWSAlgorithm.RS256.equals(algorithm) && key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return new ECDSAVerifier(ec);
        }
        throw invalid();
    }

    private void checkLifetime(JWTClaimsSet claims) {
        if (!TokenLifetime.valid(claims, clock.instant(), skew, false)) {
            throw invalid();
        }
    }

    /**
     * The admin strategy decides who is an admin, and table_lookup also which role (the admin-users row's); the claim
     * and all_authenticated strategies have no roles, so every admin they let in is an {@code admin}.
     */
    private Mono<Admin> authorize(SpotlightConfig config, JWTClaimsSet claims, AuthenticatedKey key) {
        AdminStrategy strategy = config.adminStrategy();
        Principal principal = Principal.adminUser(claims.getSubject(), key.publicKeyId());
        if (strategy.isClaim()) {
            return hasClaim(claims.getClaim(strategy.claim()), strategy.value())
                    ? Mono.just(new Admin(principal, AdminRoles.ADMIN)) : Mono.error(notAdmin());
        }
        if (strategy.isTableLookup()) {
            String claim = strategy.lookupClaim();
            Object value = claims.getClaim(claim);
            if (!(value instanceof String text) || ControlCharacters.in(text)) {
                return Mono.error(notAdmin());
            }
            // An e-mail names a person only once the IdP has verified it; otherwise anyone could sign up at the IdP
            // with an admin's address and be let in.
            if ("email".equals(claim) && !Boolean.TRUE.equals(claims.getClaim("email_verified"))) {
                return Mono.error(new ApiException(HttpStatus.FORBIDDEN,
                        "The admin token's email is not verified (email_verified must be true)", "FORBIDDEN"));
            }
            return users.activeAdminRole(key.organizationId(), key.environment(), claim, text)
                    .map(role -> new Admin(principal, role))
                    .switchIfEmpty(Mono.error(SpotlightTokenVerifier::notAdmin));
        }
        return Mono.just(new Admin(principal, AdminRoles.ADMIN));
    }

    /** A claim grants admin when it equals the value, or is an array containing it (e.g. {@code roles}). */
    private static boolean hasClaim(Object claim, String value) {
        if (claim instanceof Collection<?> values) {
            return values.stream().anyMatch(item -> item != null && !(item instanceof Collection<?>) && value.equals(item.toString()));
        }
        return claim != null && !(claim instanceof java.util.Map<?, ?>) && value.equals(Objects.toString(claim));
    }

    private static ApiException invalid() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "Invalid admin token", "UNAUTHORIZED");
    }

    private static ApiException notAdmin() {
        return new ApiException(HttpStatus.FORBIDDEN, "Not an admin of this tenant", "FORBIDDEN");
    }
}
