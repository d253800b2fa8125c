package io.dropline.experiences.spotlight.targeting;

import com.google.re2j.Pattern;
import io.dropline.experiences.spotlight.JsonInput;
import io.dropline.experiences.spotlight.SpotlightErrors;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code url_patterns} (reference §10.1): glob or regex patterns matched against the page's path plus query. An
 * empty list matches every page; otherwise any include must match and no {@code exclude: true} pattern may.
 *
 * <p>Globs: {@code *} matches within one path segment, {@code **} across segments, everything else is literal; the
 * match is anchored, a trailing {@code /} is ignored on both sides, the query only counts when the pattern has a
 * {@code ?}, and a pattern starting with {@code http://}, {@code https://} or {@code //} is matched against the
 * full URL (host case-insensitive). Regexes are searched (unanchored unless the author anchors them); globs and
 * regexes alike run on RE2/J through {@link SafeRegex}'s budget, and a match the budget does not allow counts against
 * the page.
 */
public final class UrlPatterns {

    private static final int MAX_PATTERNS = 50;
    private static final int MAX_GLOB_LENGTH = 512;
    private static final Set<String> FIELDS = Set.of("pattern", "is_regex", "exclude");

    private UrlPatterns() {
    }

    /** The canonical list ({@code pattern}, {@code is_regex}, {@code exclude}); 400/422 on invalid input. */
    public static ArrayNode validate(JsonNode value, String path) {
        if (!value.isArray()) {
            throw SpotlightErrors.badRequest(path, "Must be an array");
        }
        if (value.size() > MAX_PATTERNS) {
            throw SpotlightErrors.unprocessable(path, "At most " + MAX_PATTERNS + " patterns");
        }
        ArrayNode canonical = JsonMapper.shared().createArrayNode();
        for (int i = 0; i < value.size(); i++) {
            String at = path + "[" + i + "]";
            ObjectNode entry = JsonInput.object(value.get(i), at);
            JsonInput.rejectUnknown(entry, FIELDS, at);
            String pattern = JsonInput.requiredString(entry, "pattern", at, MAX_GLOB_LENGTH);
            boolean regex = JsonInput.has(entry, "is_regex") && JsonInput.bool(entry.get("is_regex"), at + ".is_regex");
            boolean exclude = JsonInput.has(entry, "exclude") && JsonInput.bool(entry.get("exclude"), at + ".exclude");
            if (pattern.isEmpty() || pattern.chars().anyMatch(ch -> ch < 0x20)) {
                throw SpotlightErrors.unprocessable(at + ".pattern", "Must be non-empty without control characters");
            }
            if (regex) {
                SafeRegex.compile(pattern, at + ".pattern");
            }
            canonical.addObject().put("pattern", pattern).put("is_regex", regex).put("exclude", exclude);
        }
        return canonical;
    }

    /** A matcher for a canonical list. */
    public static Matcher compile(JsonNode canonical) {
        List<Compiled> includes = new ArrayList<>();
        List<Compiled> excludes = new ArrayList<>();
        for (JsonNode entry : canonical) {
            String pattern = entry.get("pattern").stringValue();
            Compiled compiled = entry.get("is_regex").booleanValue() ? new Compiled(SafeRegex.stored(pattern, 0), Input.REGEX, true)
                    : glob(pattern);
            (entry.path("exclude").booleanValue(false) ? excludes : includes).add(compiled);
        }
        return new Matcher(List.copyOf(includes), List.copyOf(excludes));
    }

    /** The compiled form of one tenant item's patterns; immutable and thread-safe. */
    public record Matcher(List<Compiled> includes, List<Compiled> excludes) {

        /**
         * Fails closed when the budget does not allow a match: an include that could not be decided does not include,
         * and an exclude that could not be decided excludes (otherwise a pathological URL would switch exclusions off).
         */
        public boolean matches(URI url, SafeRegex.Budget budget) {
            boolean included = includes.isEmpty() || includes.stream().anyMatch(pattern -> pattern.matches(url, budget) == SafeRegex.Outcome.MATCH);
            return included && excludes.stream().allMatch(pattern -> pattern.matches(url, budget) == SafeRegex.Outcome.NO_MATCH);
        }
    }

    enum Input { REGEX, PATH, FULL_URL, SCHEME_RELATIVE }

    record Compiled(Pattern pattern, Input input, boolean withQuery) {

        SafeRegex.Outcome matches(URI url, SafeRegex.Budget budget) {
            return switch (input) {
                case REGEX -> SafeRegex.find(pattern, pathAndQuery(url, true), budget);
                case PATH -> SafeRegex.matches(pattern, trimSlash(pathAndQuery(url, withQuery)), budget);
                case FULL_URL -> SafeRegex.matches(pattern, trimSlash(fullUrl(url, false, withQuery)), budget);
                case SCHEME_RELATIVE -> SafeRegex.matches(pattern, trimSlash(fullUrl(url, true, withQuery)), budget);
            };
        }
    }

    private static Compiled glob(String glob) {
        boolean fullUrl = glob.startsWith("http://") || glob.startsWith("https://") || glob.startsWith("//");
        String body = trimSlash(fullUrl ? lowerCaseAuthority(glob) : glob);
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '*') {
                literal.append(c);
                continue;
            }
            flush(regex, literal);
            if (i + 1 < body.length() && body.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else {
                regex.append("[^/]*");
            }
        }
        flush(regex, literal);
        Input input = !fullUrl ? Input.PATH : glob.startsWith("//") ? Input.SCHEME_RELATIVE : Input.FULL_URL;
        return new Compiled(Pattern.compile(regex.toString(), Pattern.DOTALL), input, glob.indexOf('?') >= 0);
    }

    private static void flush(StringBuilder regex, StringBuilder literal) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    private static String pathAndQuery(URI url, boolean withQuery) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return withQuery && url.getRawQuery() != null ? path + "?" + url.getRawQuery() : path;
    }

    private static String fullUrl(URI url, boolean schemeRelative, boolean withQuery) {
        String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority().toLowerCase(Locale.ROOT);
        String prefix = schemeRelative ? "//" : url.getScheme().toLowerCase(Locale.ROOT) + "://";
        return prefix + authority + pathAndQuery(url, withQuery);
    }

    /** Scheme and host of a full-URL glob compare case-insensitively, the path does not. */
    private static String lowerCaseAuthority(String glob) {
        int start = glob.indexOf("//") + 2;
        int end = glob.indexOf('/', start);
        end = end < 0 ? glob.length() : end;
        return glob.substring(0, end).toLowerCase(Locale.ROOT) + glob.substring(end);
    }

    private static String trimSlash(String text) {
        return text.length() > 1 && text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
