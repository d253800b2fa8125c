package io.dropline.gateway.apikey;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.gateway.caller.KeyType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

/**
 * The wire form of an API key: {@code sk_live_}, {@code sk_test_}, {@code pk_live_} or {@code pk_test_}, then the
 * 26-character body of the key's public id ({@code key_…}), then a 32-character random base62 secret. The id part
 * lets the gateway find the row without a secret index; only a salted SHA-256 of the secret is stored.
 */
public final class ApiKeyFormat {

    /** The alphabet of an id's body (Crockford's base32, upper case) and of the secret (base62). */
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final String BASE62_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final char[] BASE62 = BASE62_CHARS.toCharArray();
    private static final int ID_LENGTH = 26;
    private static final int SECRET_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    /** A key as presented by a client, split into its parts (the secret is not yet verified). */
    public record PresentedKey(KeyType type, Environment environment, UUID id, String secret) {
    }

    /**
     * Checked by hand rather than with a regular expression: every request with a key is parsed, and the expression
     * was about 1 % of the gateway's CPU under the trivial request (issue 16).
     */
    public static Optional<PresentedKey> parse(String raw) {
        if (raw == null || raw.length() != 8 + ID_LENGTH + SECRET_LENGTH || raw.charAt(2) != '_' || raw.charAt(7) != '_') {
            return Optional.empty();
        }
        KeyType type = raw.startsWith("sk") ? KeyType.SECRET : raw.startsWith("pk") ? KeyType.PUBLISHABLE : null;
        Environment environment = raw.startsWith("live", 3) ? Environment.LIVE : raw.startsWith("test", 3) ? Environment.TEST : null;
        String idBody = raw.substring(8, 8 + ID_LENGTH);
        String secret = raw.substring(8 + ID_LENGTH);
        if (type == null || environment == null || !allIn(idBody, CROCKFORD) || !allIn(secret, BASE62_CHARS)) {
            return Optional.empty();
        }
        return Ids.parse("key", "key_" + idBody).map(id -> new PresentedKey(type, environment, id, secret));
    }

    private static boolean allIn(String value, String alphabet) {
        for (int i = 0; i < value.length(); i++) {
            if (alphabet.indexOf(value.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    public static String prefix(KeyType type, Environment environment) {
        return (type == KeyType.SECRET ? "sk_" : "pk_") + environment.wire() + "_";
    }

    public static String plaintext(KeyType type, Environment environment, UUID id, String secret) {
        return prefix(type, environment) + Ids.format("key", id).substring(4) + secret;
    }

    public static String newSecret() {
        char[] secret = new char[SECRET_LENGTH];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(secret);
    }

    public static byte[] newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    public static byte[] hash(byte[] salt, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }

    /** Constant time, so response timing says nothing about how much of a guess was right. */
    public static boolean matches(byte[] salt, byte[] storedHash, String secret) {
        return MessageDigest.isEqual(storedHash, hash(salt, secret));
    }
}
