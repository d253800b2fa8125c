package io.dropline.gateway.operator;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.web.DroplineWebProperties;
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
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/**
 * Operator session tokens (docs/adr/0015): what the operator's live view of one queue presents as {@code Authorization:
 * Bearer dlop_…} instead of the secret key, which never reaches a browser. A token names one tenant (organization,
 * environment, the secret key that asked for it), one queue and its sequence, and expires after {@link #TTL}. It is
 * {@code "dlop_" base64url(claims) "." base64url(HMAC-SHA256(claims))}, like a stream token but under a key of its own
 * (derived from the internal secret with another label), so neither kind can pass as the other.
 */
@Component
public class OperatorTokens {

    public static final String PREFIX = "dlop_";
    public static final Duration TTL = Duration.ofMinutes(15);

    private static final String VERSION = "op1";
    private static final int MAX_TOKEN_LENGTH = 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a token grants: reading and opening/closing/pausing {@code queueId} (of {@code sequenceId}) until expiry. */
    public record Grant(UUID organizationId, Environment environment, UUID keyId, String queueId, String sequenceId,
            Instant expiresAt) {

        /**
         * The only requests the token opens: the queue ({@code GET}), its settings change ({@code PUT}: status
         * override and admission cap) and its sequence's metrics ({@code GET}). Everything else is refused.
         */
        public boolean permits(HttpMethod method, String path) {
            String queue = "/api/v1/queues/" + queueId;
            return HttpMethod.GET.equals(method) && (path.equals(queue) || path.equals("/api/v1/sequences/" + sequenceId + "/metrics"))
                    || HttpMethod.PUT.equals(method) && path.equals(queue);
        }
    }

    private final SecretKeySpec key;
    private final Clock clock;

    @Autowired
    OperatorTokens(DroplineWebProperties web) {
        this(web, Clock.systemUTC());
    }

    /** With a clock of one's own (tests mint tokens that are already expired). */
    public OperatorTokens(DroplineWebProperties web, Clock clock) {
        this.key = new SecretKeySpec(derived(web.internalSecret()), "HmacSHA256");
        this.clock = clock;
    }

    public Grant grant(UUID organizationId, Environment environment, UUID keyId, String queueId, String sequenceId) {
        if (!ID.matcher(queueId).matches() || !ID.matcher(sequenceId).matches()) {
            throw new IllegalArgumentException("not an id");
        }
        Instant expiresAt = Instant.ofEpochSecond(clock.instant().plus(TTL).getEpochSecond());
        return new Grant(organizationId, environment, keyId, queueId, sequenceId, expiresAt);
    }

    public String mint(Grant grant) {
        String claims = String.join("|", VERSION, grant.organizationId().toString(), grant.environment().wire(),
                grant.keyId().toString(), grant.queueId(), grant.sequenceId(), Long.toString(grant.expiresAt().getEpochSecond()));
        String encoded = ENCODER.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return PREFIX + encoded + "." + ENCODER.encodeToString(sign(encoded));
    }

    /** The grant of a token whose signature checks out and that has not expired; empty for anything else. */
    public Optional<Grant> verify(String token) {
        try {
            if (token == null || token.length() > MAX_TOKEN_LENGTH || !token.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String body = token.substring(PREFIX.length());
            int dot = body.indexOf('.');
            if (dot <= 0 || dot != body.lastIndexOf('.')) {
                return Optional.empty();
            }
            String encoded = body.substring(0, dot);
            if (!MessageDigest.isEqual(sign(encoded), DECODER.decode(body.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] claims = new String(DECODER.decode(encoded), StandardCharsets.UTF_8).split("\\|", -1);
            if (claims.length != 7 || !VERSION.equals(claims[0])) {
                return Optional.empty();
            }
            Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(claims[6]));
            if (!clock.instant().isBefore(expiresAt)) {
                return Optional.empty();
            }
            return Optional.of(new Grant(UUID.fromString(claims[1]), Environment.valueOf(claims[2].toUpperCase(Locale.ROOT)),
                    UUID.fromString(claims[3]), claims[4], claims[5], expiresAt));
        } catch (IllegalArgumentException malformed) {
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

    private static byte[] derived(String internalSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(internalSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("dropline-operator-session-v1".getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HmacSHA256 is unavailable", unavailable);
        }
    }
}
