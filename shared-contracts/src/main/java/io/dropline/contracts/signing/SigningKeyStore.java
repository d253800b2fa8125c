package io.dropline.contracts.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.JWKGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.id.Ids;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A service's ES256 signing keys, kept in a table of its own ({@code kid}, {@code jwk}, {@code created_at},
 * {@code retired_at}; each service keeps its own migration), with the signing and checking that goes with them.
 * An instance that finds no key makes one. If two instances start at once and both make one, both keys are
 * published and the newest signs — every instance agrees after its next load. Keys are reloaded hourly so rotated
 * keys reach every instance; a failed load is retried on the next use.
 *
 * <p>What a token says (its claims, and which of them must hold) stays with the service that signs it.
 */
public final class SigningKeyStore {

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Duration RELOAD = Duration.ofHours(1);

    private final DatabaseClient db;
    private final Clock clock;
    private final String tokenName;
    private final UnaryOperator<JWKGenerator<ECKey>> keyShape;
    private final String selectSql;
    private final String insertSql;
    /**
     * Seeded once at start-up: ECDSA needs fresh randomness for every signature, and the default SecureRandom
     * reads /dev/urandom through a blocking file read on the event loop.
     */
    private final SecureRandom random;
    private final Mono<Keys> keys;

    /**
     * What the loaded keys are used for, made once per load: the signing key (the newest) and its signer, a verifier
     * per published key (by kid), and the JWKS document as a map and as JSON. Made per call, converting the keys (the
     * public point checked against the curve, the private key through a KeyFactory) was most of what the JWKS endpoint
     * cost (issue 16).
     */
    private record Keys(ECKey signing, ECDSASigner signer, Map<String, ECDSAVerifier> verifiers,
            Map<String, Object> jwks, String jwksJson) {

        static Keys of(List<ECKey> newestFirst, SecureRandom random) {
            ECKey signing = newestFirst.isEmpty() ? null : newestFirst.get(0);
            Map<String, ECDSAVerifier> verifiers = new HashMap<>();
            // A key that cannot verify is left out: tokens naming it are refused, as they were when it failed per call.
            newestFirst.forEach(key -> verifierOf(key).ifPresent(verifier -> verifiers.put(key.getKeyID(), verifier)));
            JWKSet published = new JWKSet(List.copyOf(newestFirst));
            ECDSASigner signer = signing == null ? null : signerOf(signing, random).orElse(null);
            return new Keys(signing, signer, Map.copyOf(verifiers), Collections.unmodifiableMap(published.toJSONObject(true)),
                    published.toString(true));
        }

        private static Optional<ECDSAVerifier> verifierOf(ECKey key) {
            try {
                return Optional.of(new ECDSAVerifier(key.toECPublicKey()));
            } catch (JOSEException | RuntimeException unusable) {
                return Optional.empty();
            }
        }

        /** Empty for a key without a usable private half: signing then fails, verifying and publishing do not. */
        private static Optional<ECDSASigner> signerOf(ECKey key, SecureRandom random) {
            try {
                return Optional.of(EcdsaProvider.signer(key, random));
            } catch (JOSEException | RuntimeException unusable) {
                return Optional.empty();
            }
        }
    }

    /**
     * @param table     the service's own key table
     * @param tokenName what is signed, for error messages ("a grant")
     * @param keyShape  what a new key declares besides its kid (for example its use and algorithm); it is published
     *                  as it is made
     */
    public SigningKeyStore(DatabaseClient db, Clock clock, String table, String tokenName,
            UnaryOperator<JWKGenerator<ECKey>> keyShape) throws NoSuchAlgorithmException {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("Not a table name: " + table);
        }
        this.db = db;
        this.clock = clock;
        this.tokenName = tokenName;
        this.keyShape = keyShape;
        this.selectSql = "SELECT jwk FROM " + table + " WHERE retired_at IS NULL ORDER BY created_at DESC, kid";
        this.insertSql = "INSERT INTO " + table + " (kid, jwk, created_at) VALUES (:kid, :jwk, :at) ON CONFLICT DO NOTHING";
        this.random = SecureRandom.getInstance("DRBG");
        this.random.nextBytes(new byte[16]);
        // Loading the native library writes it to the temp directory: done here, at start-up, not on an event loop.
        EcdsaProvider.choose();
        this.keys = loadOrCreate().cache(loaded -> RELOAD, failed -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** The claims as a compact ES256 JWS of this type, signed with the newest key. */
    public Mono<String> sign(JOSEObjectType type, JWTClaimsSet claims) {
        return keys.map(current -> serialize(current, type, claims));
    }

    /**
     * The claims of a token signed by one of the published keys with ES256, of {@code type} (any type when null),
     * and whose claims {@code accept}; empty otherwise, also when the token is malformed.
     */
    public Mono<Optional<JWTClaimsSet>> verify(String token, JOSEObjectType type, Predicate<JWTClaimsSet> accept) {
        return keys.map(current -> verified(current, token, type, accept));
    }

    /** The JWKS document: public halves only. */
    public Mono<Map<String, Object>> jwks() {
        return keys.map(Keys::jwks);
    }

    /** The same JWKS document as JSON, to be served as it is. */
    public Mono<String> jwksJson() {
        return keys.map(Keys::jwksJson);
    }

    private static Optional<JWTClaimsSet> verified(Keys current, String token, JOSEObjectType type,
            Predicate<JWTClaimsSet> accept) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            ECDSAVerifier verifier = header.getKeyID() == null ? null : current.verifiers().get(header.getKeyID());
            if (verifier == null || !JWSAlgorithm.ES256.equals(header.getAlgorithm())
                    || (type != null && !type.equals(header.getType()))
                    || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return accept.test(claims) ? Optional.of(claims) : Optional.empty();
        } catch (ParseException | JOSEException | RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private String serialize(Keys current, JOSEObjectType type, JWTClaimsSet claims) {
        if (current.signer() == null) {
            throw new IllegalStateException("Could not sign " + tokenName + ": the newest key has no private half");
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(current.signing().getKeyID())
                    .type(type).build(), claims);
            jwt.sign(current.signer());
            return jwt.serialize();
        } catch (JOSEException failed) {
            throw new IllegalStateException("Could not sign " + tokenName, failed);
        }
    }

    private Mono<Keys> loadOrCreate() {
        return load().flatMap(found -> found.signing() == null ? create().then(load()) : Mono.just(found));
    }

    private Mono<Keys> load() {
        return db.sql(selectSql)
                .map(row -> parse(row.get("jwk", String.class)))
                .all()
                .collectList()
                .map(all -> Keys.of(all, random));
    }

    /** Key generation draws on the system's entropy source, a blocking read: off the event loop. */
    private Mono<Void> create() {
        return Mono.fromCallable(() -> keyShape.apply(new ECKeyGenerator(Curve.P_256).keyID(Ids.newId("key"))).generate())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(key -> db.sql(insertSql)
                        .bind("kid", key.getKeyID())
                        .bind("jwk", key.toJSONString())
                        .bind("at", clock.instant())
                        .then());
    }

    private static ECKey parse(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException corrupt) {
            throw new IllegalStateException("A stored signing key is not a valid EC JWK", corrupt);
        }
    }
}
