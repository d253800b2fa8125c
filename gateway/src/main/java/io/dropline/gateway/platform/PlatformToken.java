package io.dropline.gateway.platform;

import io.dropline.gateway.config.PlatformProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The platform operator's credential (docs/adr/0021). The configured token is kept only as its SHA-256; a presented
 * token is hashed the same way and the two digests compared with {@link MessageDigest#isEqual}, so neither the
 * comparison's timing nor the presented length says anything about how close a guess was. It never matches an API
 * key: organization keys are looked up by their id and never reach this check.
 */
@Component
public class PlatformToken {

    private static final Logger log = LoggerFactory.getLogger(PlatformToken.class);

    private final byte[] digest;

    PlatformToken(PlatformProperties properties) {
        String token = properties.token().strip();
        this.digest = token.isEmpty() ? null : sha256(token);
        log.info(digest == null
                ? "The platform operator's API (/platform/v1) is off: dropline.gateway.platform.token is not set"
                : "The platform operator's API (/platform/v1) is on");
    }

    /** Whether a token is configured at all; without one the surface does not exist (404). */
    public boolean enabled() {
        return digest != null;
    }

    /** Whether {@code presented} is the operator's token; always false while the surface is off. */
    public boolean matches(String presented) {
        return digest != null && presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }
}
