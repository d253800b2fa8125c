package io.dropline.contracts.context;

import io.dropline.contracts.id.PlainTokens;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the {@link InternalContext} header with an HMAC shared by the gateway and the services.
 * The header is short-lived (its expiry is seconds away), so a captured header is of little use, and it is
 * rebuilt by the gateway on every request after any client-supplied copy has been stripped.
 *
 * <p>Wire form: {@code base64url(fields joined by '|') "." base64url(HMAC-SHA256)}. Fields never contain '|':
 * ids and enum names are plain tokens, and the request id is restricted to a safe alphabet by the gateway.
 */
public final class InternalContextCodec {

    /** How long a signed context stays valid: a request's whole journey through one service hop. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int TOKEN_MAX = 200;
    private static final int MAX_HEADER_LENGTH = 2048;
    private static final String VERSION = "v1";

    private final SecretKeySpec key;
    private final Clock clock;
    /**
     * One keyed HMAC per thread: every request through the gateway is signed there and checked in a service, and
     * Mac.getInstance with init looks up the provider and expands the key each time (about half of the check's cost
     * in issue 16's profile). doFinal leaves the Mac ready for the next message; the threads are the event loops.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public InternalContextCodec(String secret, Clock clock) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("The internal context secret must be at least 32 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    public InternalContextCodec(String secret) {
        this(secret, Clock.systemUTC());
    }

    /** A context that expires {@link #DEFAULT_TTL} from now. */
    public InternalContext create(UUID organizationId, Environment environment, ApiSurface surface,
            Principal principal, String requestId) {
        return new InternalContext(organizationId, environment, surface, principal, requestId,
                clock.instant().plus(DEFAULT_TTL));
    }

    public String sign(InternalContext context) {
        Principal principal = context.principal();
        String payload = String.join("|", VERSION,
                context.organizationId() == null ? "" : context.organizationId().toString(),
                context.environment().name(), context.surface().name(),
                safe(principal.type()), principalId(principal.id()), safe(principal.keyId()),
                safe(context.requestId()), Long.toString(context.expiresAt().getEpochSecond()),
                features(context.disabledFeatures()));
        String body = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(mac(body));
    }

    /** The verified context, or empty when the header is absent, malformed, forged or expired. */
    public Optional<InternalContext> verify(String header) {
        if (header == null || header.length() > MAX_HEADER_LENGTH) {
            return Optional.empty();
        }
        int dot = header.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String body = header.substring(0, dot);
        try {
            // The signature's text is compared, not its decoded bytes: base64url's last character carries unused
            // bits, so several texts decode to the same MAC, and a lenient decode would accept altered headers.
            byte[] presented = header.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
            byte[] expected = ENCODER.encodeToString(mac(body)).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(presented, expected)) {
                return Optional.empty();
            }
            String[] f = new String(DECODER.decode(body), StandardCharsets.UTF_8).split("\\|", -1);
            // Nine fields: a context signed before the kill-switch field existed (rolling deploys).
            if ((f.length != 9 && f.length != 10) || !VERSION.equals(f[0])) {
                return Optional.empty();
            }
            Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(f[8]));
            if (!expiresAt.isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(new InternalContext(
                    f[1].isEmpty() ? null : UUID.fromString(f[1]),
                    Environment.valueOf(f[2]), ApiSurface.valueOf(f[3]),
                    new Principal(emptyToNull(f[4]), principalIdOf(f[5]), emptyToNull(f[6])),
                    emptyToNull(f[7]), expiresAt,
                    f.length == 10 && !f[9].isEmpty() ? Set.of(f[9].split("\\.")) : Set.of()));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static String safe(String value) {
        if (value == null) {
            return "";
        }
        if (!PlainTokens.is(value, 0, TOKEN_MAX)) {
            throw new IllegalArgumentException("Context fields are plain tokens");
        }
        return value;
    }

    /**
     * A principal id is usually a plain token ({@code key_…}, {@code cons_…}), but a Spotlight admin's id is the
     * subject of the tenant's own identity provider ({@code auth0|user_789}): anything else travels as
     * {@code '~' base64url(utf8)}. '~' is outside the token alphabet, so the two forms never collide.
     */
    private static String principalId(String id) {
        if (id == null || PlainTokens.is(id, 0, TOKEN_MAX)) {
            return id == null ? "" : id;
        }
        if (id.length() > 512) {
            throw new IllegalArgumentException("A principal id is at most 512 characters");
        }
        return "~" + ENCODER.encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String principalIdOf(String field) {
        return field.startsWith("~") ? new String(DECODER.decode(field.substring(1)), StandardCharsets.UTF_8)
                : emptyToNull(field);
    }

    /** Feature names are plain tokens; '.' joins them (it never occurs in a feature name). */
    private static String features(Set<String> features) {
        features.forEach(feature -> {
            if (feature.contains(".")) {
                throw new IllegalArgumentException("Feature names contain no '.'");
            }
            safe(feature);
        });
        return String.join(".", new java.util.TreeSet<>(features));
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private byte[] mac(String body) {
        return macs.get().doFinal(body.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
        }
    }
}
