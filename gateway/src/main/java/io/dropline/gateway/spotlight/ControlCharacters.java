package io.dropline.gateway.spotlight;

/**
 * Control characters (U+0000–U+001F and U+007F) in client input. PostgreSQL refuses NUL in {@code text} and
 * {@code jsonb} (an error, i.e. a 5xx, if it got that far), and no identifier, e-mail, name or config value needs any
 * of them: every validated string is checked with this and refused with 400 (404 for an id in a path).
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    public static boolean in(String value) {
        return value != null && value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** Whether any string in a JSON-like value (maps, lists, strings; map keys included) has a control character. */
    public static boolean anywhereIn(Object value) {
        if (value instanceof String text) {
            return in(text);
        }
        if (value instanceof java.util.Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(entry -> anywhereIn(entry.getKey()) || anywhereIn(entry.getValue()));
        }
        if (value instanceof java.util.Collection<?> items) {
            return items.stream().anyMatch(ControlCharacters::anywhereIn);
        }
        return false;
    }
}
