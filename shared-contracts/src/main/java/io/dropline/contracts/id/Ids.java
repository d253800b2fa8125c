package io.dropline.contracts.id;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Dropline's public identifiers: {@code <prefix>_<UUIDv7 in 26 Crockford base32 characters>}, for example
 * {@code cons_01JD3Q6Z8WQ0X5T9R2M4N7B1CE}. They sort lexicographically in creation order, are URL-safe, and
 * map one-to-one onto the {@code uuid} columns the services store.
 *
 * <p>Generation is monotonic within a process: the 12-bit {@code rand_a} field is a counter inside one
 * millisecond (RFC 9562, method 1); when it overflows the timestamp borrows the next millisecond, so ids
 * never go backwards even under a burst.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int[] DECODE = new int[128];
    private static final Pattern PREFIX = Pattern.compile("[a-z]{2,10}");
    private static final int BODY_LENGTH = 26;

    /** Timestamp (ms) in the high bits, the in-millisecond counter in the low 12 bits. */
    private static final AtomicLong CLOCK = new AtomicLong();

    static {
        java.util.Arrays.fill(DECODE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = i;
        }
    }

    private Ids() {
    }

    /** A new time-ordered id with the given prefix (without the underscore), e.g. {@code newId("cons")}. */
    public static String newId(String prefix) {
        return format(prefix, newUuid());
    }

    /** A new UUIDv7, monotonic within this process. */
    public static UUID newUuid() {
        long candidate = System.currentTimeMillis() << 12;
        long clock = CLOCK.updateAndGet(previous -> Math.max(previous + 1, candidate));
        long millis = clock >>> 12;
        long counter = clock & 0xFFF;
        long msb = (millis << 16) | 0x7000L | counter;
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** The public form of a stored uuid. */
    public static String format(String prefix, UUID uuid) {
        requirePrefix(prefix);
        return prefix + "_" + encode(uuid);
    }

    /**
     * The uuid behind a public id, if the id has exactly this prefix and a well-formed body. Anything else
     * (another resource's prefix, lower case, wrong length, a body that overflows 128 bits) is empty, which
     * the APIs answer as 404, the same as an unknown id.
     */
    public static Optional<UUID> parse(String prefix, String id) {
        if (id == null || prefix == null || id.length() != prefix.length() + 1 + BODY_LENGTH
                || !id.startsWith(prefix) || id.charAt(prefix.length()) != '_') {
            return Optional.empty();
        }
        return decode(id, prefix.length() + 1);
    }

    /** The creation instant encoded in a UUIDv7. */
    public static Instant timestampOf(UUID uuid) {
        return Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16);
    }

    static String encode(UUID uuid) {
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        char[] out = new char[BODY_LENGTH];
        // 130 bits of output for 128 bits of input: the first character carries the top 3 bits only.
        for (int i = BODY_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (lo & 0x1F)];
            lo = (lo >>> 5) | (hi << 59);
            hi = hi >>> 5;
        }
        return new String(out);
    }

    private static Optional<UUID> decode(String text, int offset) {
        long hi = 0;
        long lo = 0;
        for (int i = offset; i < offset + BODY_LENGTH; i++) {
            char c = text.charAt(i);
            int value = c < 128 ? DECODE[c] : -1;
            if (value < 0 || (i == offset && value > 7)) {
                return Optional.empty();
            }
            hi = (hi << 5) | (lo >>> 59);
            lo = (lo << 5) | value;
        }
        return Optional.of(new UUID(hi, lo));
    }

    private static void requirePrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("An id prefix is 2 to 10 lower-case letters: " + prefix);
        }
    }
}
