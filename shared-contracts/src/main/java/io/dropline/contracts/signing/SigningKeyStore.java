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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    /** The signing key (the newest) and every published key, by kid. */
    private record Keys(ECKey signing, Map<String, ECKey> published) {
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
        this.keys = loadOrCreate().cache(loaded -> RELOAD, failed -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** The claims as a compact ES256 JWS of this type, signed with the newest key. */
    public Mono<String> sign(JOSEObjectType type, JWTClaimsSet claims) {
        return keys.map(current -> serialize(current.signing(), type, claims));
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
        return keys.map(current -> new JWKSet(List.copyOf(current.published().values())).toJSONObject(true));
    }

    private static Optional<JWTClaimsSet> verified(Keys current, String token, JOSEObjectType type,
            Predicate<JWTClaimsSet> accept) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            ECKey key = header.getKeyID() == null ? null : current.published().get(header.getKeyID());
            if (key == null || !JWSAlgorithm.ES256.equals(header.getAlgorithm())
                    || (type != null && !type.equals(header.getType()))
                    || !jwt.verify(new ECDSAVerifier(key.toECPublicKey()))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return accept.test(claims) ? Optional.of(claims) : Optional.empty();
        } catch (ParseException | JOSEException | RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private String serialize(ECKey key, JOSEObjectType type, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(type).build(),
                    claims);
            ECDSASigner signer = new ECDSASigner(key);
            signer.getJCAContext().setSecureRandom(random);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException failed) {
            throw new IllegalStateException("Could not sign " + tokenName, failed);
        }
    }

    private Mono<Keys> loadOrCreate() {
        return load().flatMap(found -> found.published().isEmpty() ? create().then(load()) : Mono.just(found));
    }

    private Mono<Keys> load() {
        return db.sql(selectSql)
                .map(row -> parse(row.get("jwk", String.class)))
                .all()
                .collectList()
                .map(all -> new Keys(all.isEmpty() ? null : all.get(0),
                        all.stream().collect(Collectors.toMap(ECKey::getKeyID, k -> k))));
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
