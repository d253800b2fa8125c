package io.dropline.contracts.page;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, URL-safe, tamper-evident list cursors. A cursor holds the sort values of one row (its sort key and
 * its id, for a stable order); an HMAC over those values <em>and</em> the list's binding (resource, filters
 * and sort) makes a modified cursor, or one replayed against other filters, fail to decode.
 *
 * <p>Wire form: {@code base64url(value₁) "." … "." base64url(valueₙ) "~" base64url(mac[0..16])}.
 */
public final class CursorCodec {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAC_BYTES = 16;
    private static final int MAX_CURSOR_LENGTH = 2048;

    private final SecretKeySpec key;

    /** @param secret the shared cursor secret (at least 32 bytes of entropy), configured per deployment */
    public CursorCodec(String secret) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("The cursor secret must be at least 32 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Encodes the sort values of one row for the list described by {@code binding}. Null values are allowed. */
    public String encode(String binding, List<String> values) {
        // '!' marks null so that an empty string and null stay distinct.
        String body = String.join(".", values.stream()
                .map(value -> value == null ? "!" : ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                .toList());
        return body + "~" + ENCODER.encodeToString(mac(binding, body));
    }

    /**
     * Decodes a cursor made by {@link #encode} for the same binding and number of values.
     *
     * @throws InvalidCursorException naming {@code field} when the cursor is malformed, tampered or foreign
     */
    public List<String> decode(String binding, String cursor, int expectedValues, String field) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
            throw new InvalidCursorException(field);
        }
        int tilde = cursor.lastIndexOf('~');
        if (tilde < 0) {
            throw new InvalidCursorException(field);
        }
        String body = cursor.substring(0, tilde);
        try {
            String macText = cursor.substring(tilde + 1);
            byte[] given = DECODER.decode(macText);
            // Re-encoding must give the same text: base64's unused trailing bits could otherwise be altered freely.
            if (!MessageDigest.isEqual(given, mac(binding, body)) || !ENCODER.encodeToString(given).equals(macText)) {
                throw new InvalidCursorException(field);
            }
            String[] parts = body.split("\\.", -1);
            if (parts.length != expectedValues) {
                throw new InvalidCursorException(field);
            }
            List<String> values = new ArrayList<>(parts.length);
            for (String part : parts) {
                values.add(part.equals("!") ? null : decodeValue(part));
            }
            return values;
        } catch (IllegalArgumentException malformed) {
            throw new InvalidCursorException(field);
        }
    }

    private static String decodeValue(String part) {
        byte[] bytes = DECODER.decode(part);
        if (!ENCODER.encodeToString(bytes).equals(part)) {
            throw new IllegalArgumentException("Not canonical base64url");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private byte[] mac(String binding, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(binding.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
        }
    }
}
