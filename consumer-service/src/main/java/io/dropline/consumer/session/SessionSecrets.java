package io.dropline.consumer.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Opaque secrets (refresh tokens, exchange codes): 256 random bits, shown once, stored only as SHA-256. A hash of
 * a 256-bit random value needs no salt or stretching: it cannot be guessed, only stolen.
 */
@Component
class SessionSecrets {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /**
     * Seeded once at start-up: the default SecureRandom reads /dev/urandom through a blocking file read, which
     * must not happen on an event loop (BlockHound).
     */
    private final SecureRandom random;

    SessionSecrets() throws NoSuchAlgorithmException {
        this.random = SecureRandom.getInstance("DRBG");
        this.random.nextBytes(new byte[16]);
    }

    String newRefreshToken() {
        return "rt_" + randomPart();
    }

    String newExchangeCode() {
        return "exc_" + randomPart();
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }

    private String randomPart() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
