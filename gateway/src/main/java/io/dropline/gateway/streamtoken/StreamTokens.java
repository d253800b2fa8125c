package io.dropline.gateway.streamtoken;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.web.DroplineWebProperties;
import io.dropline.gateway.config.StreamTokenProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Stream tokens: what a browser's {@code EventSource} (which cannot send headers) presents in
 * {@code ?streamToken=…} instead of a publishable key and a consumer access token. A token names one tenant
 * (organization, environment, publishable key), one consumer session and one status path, and expires within
 * {@code dropline.gateway.stream-tokens.ttl}. It is {@code base64url(claims) "." base64url(HMAC-SHA256(claims))},
 * the claims a {@code |}-separated line: compact (it sits in a URL) and opaque to clients. HMAC rather than a JWT with
 * the signing-key store: only the gateway mints and reads these, so a shared secret is the whole need.
 */
@Component
public class StreamTokens {

    /** The query parameter carrying the token. */
    public static final String PARAMETER = "streamToken";

    /** The status streams a token may open: one distribution's status, of the types that stream. */
    public static final Pattern STREAM_PATH = Pattern.compile(
            "/api/v1/(queues|draws|timed-releases|waitlists|auctions)/[A-Za-z0-9_-]{1,100}/status");

    private static final String VERSION = "st1";
    private static final int MAX_TOKEN_LENGTH = 1024;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /**
     * What a token grants: {@code path} (GET, event stream) as this consumer of this tenant, until {@code expiresAt}.
     *
     * @param guest whether the session is a guest session (the principal's type)
     */
    public record Grant(UUID organizationId, Environment environment, UUID keyId, String consumerId, String sessionId,
            boolean guest, String path, Instant expiresAt) {
    }

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    @Autowired
    StreamTokens(StreamTokenProperties properties, DroplineWebProperties web) {
        this(properties, web, Clock.systemUTC());
    }

    /** With a clock of one's own (tests mint tokens that are already expired). */
    public StreamTokens(StreamTokenProperties properties, DroplineWebProperties web, Clock clock) {
        this.key = new SecretKeySpec(properties.secret().isEmpty() ? derived(web.internalSecret())
                : properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.ttl = properties.ttl();
        this.clock = clock;
    }

    public static boolean isStreamPath(String path) {
        return STREAM_PATH.matcher(path).matches();
    }

    public Duration ttl() {
        return ttl;
    }

    /** A grant for {@code path} from now until now + ttl (whole seconds). */
    public Grant grant(UUID organizationId, Environment environment, UUID keyId, String consumerId, String sessionId,
            boolean guest, String path) {
        Instant expiresAt = Instant.ofEpochSecond(clock.instant().plus(ttl).getEpochSecond());
        return new Grant(organizationId, environment, keyId, consumerId, sessionId, guest, path, expiresAt);
    }

    public String mint(Grant grant) {
        String claims = String.join("|", VERSION, grant.organizationId().toString(), grant.environment().wire(),
                grant.keyId().toString(), grant.consumerId(), grant.sessionId(), grant.guest() ? "g" : "c", grant.path(),
                Long.toString(grant.expiresAt().getEpochSecond()));
        String encoded = ENCODER.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + ENCODER.encodeToString(sign(encoded));
    }

    /** The grant of a token whose signature checks out and that has not expired; empty for anything else. */
    public Optional<Grant> verify(String token) {
        try {
            if (token == null || token.length() > MAX_TOKEN_LENGTH) {
                return Optional.empty();
            }
            int dot = token.indexOf('.');
            if (dot <= 0 || dot != token.lastIndexOf('.')) {
                return Optional.empty();
            }
            String encoded = token.substring(0, dot);
            if (!MessageDigest.isEqual(sign(encoded), DECODER.decode(token.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] claims = new String(DECODER.decode(encoded), StandardCharsets.UTF_8).split("\\|", -1);
            if (claims.length != 9 || !VERSION.equals(claims[0])) {
                return Optional.empty();
            }
            Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(claims[8]));
            if (!clock.instant().isBefore(expiresAt)) {
                return Optional.empty();
            }
            return Optional.of(new Grant(UUID.fromString(claims[1]),
                    Environment.valueOf(claims[2].toUpperCase(Locale.ROOT)), UUID.fromString(claims[3]), claims[4],
                    claims[5], "g".equals(claims[6]), claims[7], expiresAt));
        } catch (IllegalArgumentException malformed) {
            // Bad base64, number, UUID or environment: a token we did not make.
            return Optional.empty();
        }
    }

    private byte[] sign(String encodedClaims) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(encodedClaims.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HmacSHA256 is unavailable", unavailable);
        }
    }

    /** A key of its own, derived from the internal secret: a stream token can never pass as an internal context. */
    private static byte[] derived(String internalSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(internalSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("dropline-stream-token-v1".getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HmacSHA256 is unavailable", unavailable);
        }
    }
}
