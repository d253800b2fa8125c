package io.dropline.experiences.access.draw;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The verifiable draw's arithmetic (docs/draws.md, ADR 0010), the same everywhere it is done: here when an entry is
 * written, in the published script, and in the test that recomputes a draw from its results.
 * <ul>
 *   <li>{@code seedCommitment} = lowercase hex SHA-256 of the 32 seed bytes;</li>
 *   <li>an entry's ticket {@code t} (1-based) = lowercase hex HMAC-SHA256(key = seed, message = UTF-8 of
 *       {@code entryId} for ticket 1, {@code entryId + "#" + t} for ticket t ≥ 2);</li>
 *   <li>its key = the smallest of its {@code weight} tickets as text (weight 1 unless loyalty bias is on, so the key is
 *       simply the HMAC of the entry id); entries are ordered by key ascending, the first {@code winnerCount} win.</li>
 * </ul>
 * With integer weights, ordering by the smallest of {@code w} uniform tickets is exactly weighted sampling without
 * replacement (each next winner is chosen with probability weight / remaining total weight), and no floating point
 * is involved, so any language reproduces it bit for bit.
 */
public final class DrawKeys {

    public static final int SEED_BYTES = 32;
    public static final int MAX_WEIGHT = 5;

    private static final HexFormat HEX = HexFormat.of();
    /**
     * A DRBG seeded once (when this class loads, at start-up: {@link #warmUp}), so a seed drawn on an event loop
     * never reads /dev/urandom (BlockHound would rightly call that blocking). DRBG is thread-safe.
     */
    private static final SecureRandom RANDOM = drbg();

    private DrawKeys() {
    }

    /** A new seed: 32 bytes from the DRBG. */
    static byte[] newSeed() {
        byte[] seed = new byte[SEED_BYTES];
        RANDOM.nextBytes(seed);
        return seed;
    }

    /** Loads the class (and seeds the generator) off the event loops, at start-up. */
    static void warmUp() {
        newSeed();
    }

    private static SecureRandom drbg() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG");
            random.nextBytes(new byte[SEED_BYTES]);
            return random;
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("DRBG is part of every JDK since 9", impossible);
        }
    }

    public static String commitment(byte[] seed) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(seed));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }

    /** The key of an entry: the smallest of its {@code weight} tickets. */
    public static String key(byte[] seed, String entryId, int weight) {
        Mac mac = mac(seed);
        String best = null;
        for (int ticket = 1; ticket <= weight; ticket++) {
            String message = ticket == 1 ? entryId : entryId + "#" + ticket;
            String value = HEX.formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
            if (best == null || value.compareTo(best) < 0) {
                best = value;
            }
        }
        return best;
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    private static Mac mac(byte[] seed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
        }
    }
}
