package io.dropline.gateway.apikey;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.gateway.caller.KeyType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wire form of an API key: {@code sk_live_}, {@code sk_test_}, {@code pk_live_} or {@code pk_test_}, then the
 * 26-character body of the key's public id ({@code key_…}), then a 32-character random base62 secret. The id part
 * lets the gateway find the row without a secret index; only a salted SHA-256 of the secret is stored.
 */
public final class ApiKeyFormat {

    private static final Pattern SHAPE = Pattern.compile("(sk|pk)_(live|test)_([0-9A-HJKMNP-TV-Z]{26})([0-9A-Za-z]{32})");
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int SECRET_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    /** A key as presented by a client, split into its parts (the secret is not yet verified). */
    public record PresentedKey(KeyType type, Environment environment, UUID id, String secret) {
    }

    public static Optional<PresentedKey> parse(String raw) {
        if (raw == null || raw.length() != 8 + 26 + SECRET_LENGTH) {
            return Optional.empty();
        }
        Matcher matcher = SHAPE.matcher(raw);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Ids.parse("key", "key_" + matcher.group(3)).map(id -> new PresentedKey(
                "sk".equals(matcher.group(1)) ? KeyType.SECRET : KeyType.PUBLISHABLE,
                Environment.valueOf(matcher.group(2).toUpperCase(Locale.ROOT)), id, matcher.group(4)));
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
