package io.dropline.experiences.spotlight.eligibility;

import io.dropline.experiences.spotlight.JsonInput;
import io.dropline.experiences.spotlight.SpotlightErrors;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code POST /v1/sdk/eligible}: {@code url} (absolute http(s), ≤ 2048), {@code user {id, traits}} or
 * {@code anonymous_id}, and optional {@code session_id}, {@code locale}, {@code include}. The user key is
 * {@code user.id}, or {@code "anon:" + anonymous_id}.
 */
record EligibleRequest(URI url, String userId, String userKey, Map<String, JsonNode> traits, String sessionId, String locale,
        boolean includeTours, boolean includeContent) {

    private static final Set<String> FIELDS = Set.of("url", "user", "anonymous_id", "session_id", "locale", "include");
    private static final Set<String> USER_FIELDS = Set.of("id", "traits");
    private static final Pattern TRAIT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_TRAITS = 50;
    private static final int MAX_TRAITS_JSON = 8_192;

    static EligibleRequest parse(JsonNode body) {
        JsonInput.object(body, "");
        JsonInput.rejectUnknown(body, FIELDS, "");
        URI url = url(JsonInput.requiredString(body, "url", "", 2048));
        String userId = null;
        Map<String, JsonNode> traits = Map.of();
        if (JsonInput.has(body, "user")) {
            JsonNode user = JsonInput.object(body.get("user"), "user");
            JsonInput.rejectUnknown(user, USER_FIELDS, "user");
            userId = JsonInput.nonBlank(user, "id", "user", 128);
            traits = JsonInput.has(user, "traits") ? traits(user.get("traits")) : Map.of();
        }
        String anonymous = JsonInput.optionalString(body, "anonymous_id", "", 123);
        if (userId == null && (anonymous == null || anonymous.isBlank())) {
            throw SpotlightErrors.badRequest("user", "Give user.id or anonymous_id");
        }
        String userKey = userId != null ? userId : "anon:" + anonymous;
        String session = JsonInput.optionalString(body, "session_id", "", 64);
        String locale = JsonInput.optionalString(body, "locale", "", 35);
        boolean tours = true;
        boolean content = true;
        if (JsonInput.has(body, "include")) {
            JsonNode include = body.get("include");
            if (!include.isArray()) {
                throw SpotlightErrors.badRequest("include", "Must be an array");
            }
            tours = false;
            content = false;
            for (JsonNode entry : include) {
                String scope = JsonInput.oneOf(entry, "include", Set.of("tours", "content"));
                tours |= scope.equals("tours");
                content |= scope.equals("content");
            }
        }
        return new EligibleRequest(url, userId, userKey, traits, session, locale, tours, content);
    }

    private static URI url(String text) {
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && url.getRawAuthority() != null) {
                return url;
            }
        } catch (URISyntaxException invalid) {
            // reported below
        }
        throw SpotlightErrors.unprocessable("url", "Must be an absolute http(s) URL");
    }

    private static Map<String, JsonNode> traits(JsonNode value) {
        JsonInput.object(value, "user.traits");
        if (value.size() > MAX_TRAITS) {
            throw SpotlightErrors.unprocessable("user.traits", "At most " + MAX_TRAITS + " traits");
        }
        if (JsonMapper.shared().writeValueAsString(value).length() > MAX_TRAITS_JSON) {
            throw SpotlightErrors.unprocessable("user.traits", "At most " + MAX_TRAITS_JSON + " characters of JSON");
        }
        Map<String, JsonNode> traits = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String at = "user.traits." + entry.getKey();
            if (!TRAIT.matcher(entry.getKey()).matches()) {
                throw SpotlightErrors.unprocessable(at, "Trait names are 1 to 64 of [A-Za-z0-9_.-]");
            }
            JsonNode trait = entry.getValue();
            boolean scalar = trait.isString() || trait.isNumber() || trait.isBoolean() || trait.isNull();
            boolean list = trait.isArray() && trait.size() <= 50 && trait.valueStream().allMatch(v -> v.isString() || v.isNumber() || v.isBoolean());
            if (!scalar && !list) {
                throw SpotlightErrors.unprocessable(at, "Must be a string, number, boolean, null or an array of those");
            }
            if (trait.isString()) {
                JsonInput.string(trait, at, 256);
            }
            // 1e400 parses to Infinity, which no rule can compare; refusing it here keeps evaluation total.
            JsonInput.portable(trait, at);
            traits.put("traits." + entry.getKey(), trait);
        }
        return Map.copyOf(traits);
    }
}
