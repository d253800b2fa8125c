package io.dropline.experiences.spotlight.theme;

import io.dropline.experiences.spotlight.JsonInput;
import io.dropline.experiences.spotlight.SpotlightErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The {@code --spot-*} design tokens (reference §12.2) and the grammar of their values (§12.4). The values end up as
 * CSS custom properties in customers' pages, so validation is an allow-list per kind over printable ASCII: nothing
 * that could close a declaration or a style element, load a resource or run script ({@code ; { } < > \ url(
 * expression( @import /*}, quotes outside a font stack, {@code var()}, any other function than the colour ones)
 * can pass. Escapes cannot sneak through either: backslashes and every non-ASCII character are refused.
 */
final class ThemeTokens {

    enum Kind { COLOR, LENGTH, NUMBER, INTEGER, TIME, FONT, SHADOW }

    static final int MAX_ENTRIES = 64;
    static final int MAX_VALUE_LENGTH = 200;

    static final Map<String, Kind> REGISTRY = registry();

    private static final Pattern CUSTOM = Pattern.compile("--spot-x-[a-z0-9][a-z0-9-]{0,39}");
    private static final String NUM = "-?(?:\\d{1,7}(?:\\.\\d{1,4})?|\\.\\d{1,4})";
    private static final Pattern HEX = Pattern.compile("#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");
    private static final Pattern COLOR_FUNCTION = Pattern.compile("(?:rgba?|hsla?)\\(\\s*" + NUM + "(?:%|deg)?"
            + "(?:(?:\\s*[,/]\\s*|\\s+)" + NUM + "%?){2,3}\\s*\\)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> COLOR_KEYWORDS = Set.of("transparent", "currentcolor", "black", "white", "red", "green",
            "blue", "yellow", "orange", "purple", "gray", "grey", "silver", "maroon", "navy", "teal", "olive", "lime", "aqua",
            "fuchsia", "pink", "brown", "indigo", "violet", "gold");
    private static final Pattern LENGTH = Pattern.compile("0|" + NUM + "(?:px|rem|em|%|vw|vh)");
    private static final Pattern NUMBER = Pattern.compile(NUM);
    private static final Pattern INTEGER = Pattern.compile("\\d{1,10}");
    private static final Pattern TIME = Pattern.compile("(?:\\d{1,7}(?:\\.\\d{1,4})?|\\.\\d{1,4})(?:ms|s)");
    private static final Pattern FAMILY = Pattern.compile("\"[A-Za-z0-9 -]{1,60}\"|'[A-Za-z0-9 -]{1,60}'|[A-Za-z-][A-Za-z0-9 -]{0,59}");
    private static final List<String> FORBIDDEN = List.of(";", "{", "}", "<", ">", "\\", "url(", "expression(", "@import", "/*", "*/");

    private ThemeTokens() {
    }

    private static Map<String, Kind> registry() {
        Map<String, Kind> tokens = new LinkedHashMap<>();
        for (String color : List.of("primary", "primary-contrast", "bg", "fg", "text", "muted", "border", "link", "success",
                "hotspot", "overlay", "focus-ring")) {
            tokens.put("--spot-" + color, Kind.COLOR);
        }
        tokens.put("--spot-font-family", Kind.FONT);
        for (String length : List.of("font-size", "title-size", "radius", "button-radius", "padding", "max-width", "modal-width",
                "highlight-padding", "highlight-radius")) {
            tokens.put("--spot-" + length, Kind.LENGTH);
        }
        tokens.put("--spot-line-height", Kind.NUMBER);
        tokens.put("--spot-shadow", Kind.SHADOW);
        tokens.put("--spot-z-index", Kind.INTEGER);
        tokens.put("--spot-transition", Kind.TIME);
        return Map.copyOf(tokens);
    }

    /**
     * A validated token map, sorted by name; 422 for an unknown token or a bad value. ({@code --spot-text} is
     * accepted next to the registry's {@code --spot-fg}: the seed's own example uses it.)
     */
    static Map<String, String> validate(JsonNode value, String path) {
        if (!value.isObject()) {
            throw SpotlightErrors.badRequest(path, "Must be an object of --spot-* tokens");
        }
        if (value.size() > MAX_ENTRIES) {
            throw SpotlightErrors.unprocessable(path, "At most " + MAX_ENTRIES + " tokens");
        }
        Map<String, String> tokens = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String name = entry.getKey();
            String at = path + "." + name;
            Kind kind = REGISTRY.get(name);
            if (kind == null && !CUSTOM.matcher(name).matches()) {
                throw SpotlightErrors.unprocessable(at, "Unknown theme token");
            }
            if (!entry.getValue().isString()) {
                throw SpotlightErrors.unprocessable(at, "Invalid theme value: must be a string");
            }
            String text = entry.getValue().stringValue();
            if (!valid(kind, text)) {
                throw SpotlightErrors.unprocessable(at, "Invalid theme value");
            }
            tokens.put(name, text);
        }
        return tokens;
    }

    /** A custom {@code --spot-x-*} value ({@code kind} null) may be any kind; it is checked as each in turn. */
    static boolean valid(Kind kind, String value) {
        if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH || !printableAscii(value)) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (FORBIDDEN.stream().anyMatch(lower::contains)) {
            return false;
        }
        if (kind == null) {
            for (Kind candidate : List.of(Kind.COLOR, Kind.LENGTH, Kind.NUMBER, Kind.TIME, Kind.SHADOW, Kind.FONT)) {
                if (valid(candidate, value)) {
                    return true;
                }
            }
            return false;
        }
        if (kind != Kind.FONT && (value.indexOf('"') >= 0 || value.indexOf('\'') >= 0)) {
            return false;
        }
        return switch (kind) {
            case COLOR -> color(value);
            case LENGTH -> LENGTH.matcher(value).matches();
            case NUMBER -> NUMBER.matcher(value).matches();
            case INTEGER -> INTEGER.matcher(value).matches() && Long.parseLong(value) <= Integer.MAX_VALUE;
            case TIME -> TIME.matcher(value).matches();
            case FONT -> font(value);
            case SHADOW -> shadow(value);
        };
    }

    private static boolean printableAscii(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static boolean color(String value) {
        return HEX.matcher(value).matches() || COLOR_FUNCTION.matcher(value).matches()
                || COLOR_KEYWORDS.contains(value.toLowerCase(Locale.ROOT));
    }

    private static boolean font(String value) {
        String[] families = value.split(",", -1);
        if (families.length > 10) {
            return false;
        }
        for (String family : families) {
            if (!FAMILY.matcher(family.trim()).matches()) {
                return false;
            }
        }
        return true;
    }

    /** {@code none}, or 1–3 shadows of an optional {@code inset}, 2–4 lengths and at most one colour. */
    private static boolean shadow(String value) {
        if (value.equalsIgnoreCase("none")) {
            return true;
        }
        List<String> shadows = splitTopLevel(value, ',');
        if (shadows == null || shadows.isEmpty() || shadows.size() > 3) {
            return false;
        }
        for (String shadow : shadows) {
            List<String> parts = splitTopLevel(shadow.trim(), ' ');
            if (parts == null) {
                return false;
            }
            int lengths = 0;
            int colors = 0;
            for (String part : parts) {
                if (part.isEmpty()) {
                    continue;
                }
                if (part.equalsIgnoreCase("inset")) {
                    continue;
                }
                if (LENGTH.matcher(part).matches()) {
                    lengths++;
                } else if (color(part)) {
                    colors++;
                } else {
                    return false;
                }
            }
            if (lengths < 2 || lengths > 4 || colors > 1) {
                return false;
            }
        }
        return true;
    }

    /** Splits at {@code separator} outside parentheses; null when parentheses do not balance. */
    private static List<String> splitTopLevel(String value, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return null;
            }
            if (c == separator && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return depth == 0 ? parts : null;
    }

}
