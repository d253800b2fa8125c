package io.dropline.experiences.spotlight;

import io.dropline.contracts.id.Ids;
import java.util.regex.Pattern;

/**
 * Spotlight ids: a prefix and 12 lowercase hex characters (seed: {@code cnt_{12-char-hex}}; api-decisions.md gives
 * tours and themes the same shape). The hex comes from the random half of a UUIDv7, which is safe to draw on an
 * event loop (no SecureRandom).
 */
public final class SpotlightIds {

    private static final Pattern SHAPE = Pattern.compile("[a-z]{3,4}_[0-9a-f]{12}");

    private SpotlightIds() {
    }

    public static String newId(String prefix) {
        return prefix + "_" + String.format("%012x", Ids.newUuid().getLeastSignificantBits() & 0xFFFF_FFFF_FFFFL);
    }

    /** Whether {@code id} has the shape of a {@code prefix} id; a malformed path id answers 404 like an unknown one. */
    public static boolean valid(String prefix, String id) {
        return id != null && id.startsWith(prefix + "_") && SHAPE.matcher(id).matches();
    }
}
