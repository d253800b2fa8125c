package io.dropline.experiences.spotlight.targeting;

import io.dropline.experiences.spotlight.JsonInput;
import io.dropline.experiences.spotlight.SpotlightErrors;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validation and canonical form of the delivery and targeting fields tours and content share: {@code trigger},
 * {@code element_target}, {@code url_patterns}, {@code rollout}, {@code schedule}, {@code audience},
 * {@code audience_id}, {@code priority}, {@code dismiss_behavior}, {@code frequency}, {@code theme_id}. Canonical means aliases
 * resolved ({@code type} → {@code trigger_type}, {@code selector} → {@code css_selector}) and defaults filled, so
 * stored definitions compare equal exactly when they serve the same.
 */
public final class DeliveryFields {

    public static final Set<String> NAMES = Set.of("trigger", "url_patterns", "rollout", "schedule", "audience",
            "audience_id", "priority", "dismiss_behavior", "frequency", "theme_id");

    public static final Set<String> TRIGGER_TYPES = Set.of("page_load", "manual", "first_visit", "event", "delay",
            "element_visible", "element_click", "hover", "scroll_depth", "idle");
    public static final Set<String> DISMISS_BEHAVIORS = Set.of("once", "session", "snooze", "none");

    private static final Set<String> TARGET_FIELDS = Set.of("data_attribute", "element_id", "css_selector", "selector", "nth");
    private static final Set<String> ROLLOUT_FIELDS = Set.of("enabled", "percentage");
    private static final Set<String> SCHEDULE_FIELDS = Set.of("start_at", "end_at");
    private static final Set<String> FREQUENCY_FIELDS = Set.of("max_impressions", "min_interval_seconds");
    static final int MAX_IMPRESSIONS = 1000;
    static final int MAX_INTERVAL_SECONDS = 31_536_000;
    private static final Map<String, Set<String>> TRIGGER_PARAMS = Map.of(
            "page_load", Set.of(),
            "manual", Set.of(),
            "first_visit", Set.of("scope"),
            "event", Set.of("event_name"),
            "delay", Set.of(),
            "element_visible", Set.of("element_target", "min_visible_ratio", "timeout_ms"),
            "element_click", Set.of("element_target"),
            "hover", Set.of("element_target", "hover_ms"),
            "scroll_depth", Set.of("percent"),
            "idle", Set.of("idle_ms"));
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Pattern AUDIENCE_ID = Pattern.compile("aud_[0-9A-HJKMNP-TV-Z]{26}");
    private static final Pattern THEME_REF = Pattern.compile("thm_[0-9a-f]{12}|[a-z_]{1,32}");

    private DeliveryFields() {
    }

    /** Defaults of a new item for every delivery field. */
    public static void putDefaults(ObjectNode definition) {
        definition.set("trigger", JsonMapper.shared().createObjectNode().put("trigger_type", "page_load").put("delay_ms", 0));
        definition.putArray("url_patterns");
        definition.putNull("audience_id");
        definition.putNull("audience");
        definition.set("rollout", JsonMapper.shared().createObjectNode().put("enabled", true).put("percentage", 100));
        definition.set("schedule", JsonMapper.shared().createObjectNode().putNull("start_at").putNull("end_at"));
        definition.put("priority", 50);
        definition.put("dismiss_behavior", "once");
        definition.set("frequency", noFrequencyCap());
        definition.putNull("theme_id");
    }

    /** Copies each delivery field present in {@code body} into {@code definition}, in canonical form. */
    public static void apply(JsonNode body, ObjectNode definition) {
        for (String name : NAMES) {
            JsonNode value = body.get(name);
            if (value == null) {
                continue;
            }
            definition.set(name, canonical(name, value));
        }
    }

    private static JsonNode canonical(String name, JsonNode value) {
        return switch (name) {
            case "trigger" -> trigger(value, "trigger");
            case "url_patterns" -> value.isNull() ? JsonMapper.shared().createArrayNode() : UrlPatterns.validate(value, "url_patterns");
            case "rollout" -> rollout(value);
            case "schedule" -> schedule(value);
            case "audience" -> {
                AudienceRules.validate(value, "audience");
                yield value.isNull() ? value : value.deepCopy();
            }
            case "audience_id" -> nullableMatching(value, "audience_id", AUDIENCE_ID, "Must be an audience id (aud_…) or null");
            case "priority" -> JsonMapper.shared().getNodeFactory().numberNode(JsonInput.integer(value, "priority", 0, 1000));
            case "dismiss_behavior" -> JsonMapper.shared().getNodeFactory().stringNode(JsonInput.oneOf(value, "dismiss_behavior", DISMISS_BEHAVIORS));
            case "frequency" -> frequency(value);
            case "theme_id" -> nullableMatching(value, "theme_id", THEME_REF, "Must be a theme id (thm_…), a preset id or null");
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static JsonNode nullableMatching(JsonNode value, String path, Pattern shape, String message) {
        if (value.isNull()) {
            return value;
        }
        String text = JsonInput.string(value, path, 64);
        if (!shape.matcher(text).matches()) {
            throw SpotlightErrors.unprocessable(path, message);
        }
        return value;
    }

    /** {@code element_target}: at least one of data_attribute / element_id / css_selector ({@code selector} alias). */
    public static ObjectNode elementTarget(JsonNode value, String path) {
        ObjectNode target = JsonInput.object(value, path);
        JsonInput.rejectUnknown(target, TARGET_FIELDS, path);
        ObjectNode canonical = JsonMapper.shared().createObjectNode();
        String dataAttribute = JsonInput.optionalString(target, "data_attribute", path, 512);
        String elementId = JsonInput.optionalString(target, "element_id", path, 512);
        String css = JsonInput.optionalString(target, "css_selector", path, 512);
        String alias = JsonInput.optionalString(target, "selector", path, 512);
        if (css != null && alias != null && !css.equals(alias)) {
            throw SpotlightErrors.unprocessable(path + ".selector", "Conflicts with css_selector (selector is its alias)");
        }
        css = css != null ? css : alias;
        if (blank(dataAttribute) && blank(elementId) && blank(css)) {
            throw SpotlightErrors.unprocessable(path, "Must include at least one of data_attribute, element_id, css_selector");
        }
        putIfPresent(canonical, "data_attribute", dataAttribute);
        putIfPresent(canonical, "element_id", elementId);
        putIfPresent(canonical, "css_selector", css);
        if (JsonInput.has(target, "nth")) {
            canonical.put("nth", JsonInput.integer(target.get("nth"), path + ".nth", 0, 1000));
        }
        return canonical;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (!blank(value)) {
            node.put(field, value);
        }
    }

    /** {@code trigger}: {@code trigger_type} (alias {@code type}), {@code delay_ms} and the type's own parameters. */
    public static ObjectNode trigger(JsonNode value, String path) {
        ObjectNode trigger = JsonInput.object(value, path);
        String type = JsonInput.optionalString(trigger, "trigger_type", path, 40);
        String alias = JsonInput.optionalString(trigger, "type", path, 40);
        if (type != null && alias != null && !type.equals(alias)) {
            throw SpotlightErrors.unprocessable(path + ".type", "Conflicts with trigger_type (type is its alias)");
        }
        type = type != null ? type : alias;
        if (type == null) {
            throw SpotlightErrors.badRequest(path + ".trigger_type", "Required");
        }
        if (!TRIGGER_TYPES.contains(type)) {
            throw SpotlightErrors.unprocessable(path + ".trigger_type", "Unknown trigger type '" + type + "'");
        }
        Set<String> params = TRIGGER_PARAMS.get(type);
        for (String field : trigger.propertyNames()) {
            if (!field.equals("trigger_type") && !field.equals("type") && !field.equals("delay_ms") && !params.contains(field)) {
                throw SpotlightErrors.unprocessable(JsonInput.path(path, field), "Not a parameter of trigger type " + type);
            }
        }
        ObjectNode canonical = JsonMapper.shared().createObjectNode().put("trigger_type", type);
        if (type.equals("delay") && !JsonInput.has(trigger, "delay_ms")) {
            throw SpotlightErrors.unprocessable(path + ".delay_ms", "Required for trigger type delay");
        }
        canonical.put("delay_ms", JsonInput.has(trigger, "delay_ms") ? JsonInput.integer(trigger.get("delay_ms"), path + ".delay_ms", 0, 600_000) : 0);
        switch (type) {
            case "first_visit" -> {
                if (JsonInput.has(trigger, "scope")) {
                    canonical.put("scope", JsonInput.oneOf(trigger.get("scope"), path + ".scope", Set.of("tenant", "url")));
                }
            }
            case "event" -> {
                String name = JsonInput.nonBlank(trigger, "event_name", path, 100);
                if (!EVENT_NAME.matcher(name).matches()) {
                    throw SpotlightErrors.unprocessable(path + ".event_name", "Must match [A-Za-z0-9_.:-]{1,100}");
                }
                canonical.put("event_name", name);
            }
            case "element_visible", "element_click", "hover" -> {
                if (JsonInput.has(trigger, "element_target")) {
                    canonical.set("element_target", elementTarget(trigger.get("element_target"), path + ".element_target"));
                }
                if (JsonInput.has(trigger, "min_visible_ratio")) {
                    canonical.put("min_visible_ratio", JsonInput.number(trigger.get("min_visible_ratio"), path + ".min_visible_ratio", 0.1, 1));
                }
                if (JsonInput.has(trigger, "timeout_ms")) {
                    canonical.put("timeout_ms", JsonInput.integer(trigger.get("timeout_ms"), path + ".timeout_ms", 0, 60_000));
                }
                if (JsonInput.has(trigger, "hover_ms")) {
                    canonical.put("hover_ms", JsonInput.integer(trigger.get("hover_ms"), path + ".hover_ms", 100, 5_000));
                }
            }
            case "scroll_depth" -> {
                requirePresent(trigger, "percent", path);
                canonical.put("percent", JsonInput.integer(trigger.get("percent"), path + ".percent", 1, 100));
            }
            case "idle" -> {
                requirePresent(trigger, "idle_ms", path);
                canonical.put("idle_ms", JsonInput.integer(trigger.get("idle_ms"), path + ".idle_ms", 3_000, 3_600_000));
            }
            default -> {
                // page_load, manual and delay take no parameters beyond delay_ms.
            }
        }
        return canonical;
    }

    private static void requirePresent(JsonNode node, String field, String path) {
        if (!JsonInput.has(node, field)) {
            throw SpotlightErrors.unprocessable(JsonInput.path(path, field), "Required for this trigger type");
        }
    }

    /** {@code rollout}: {@code enabled} false means no percentage limit; {@code percentage} 0–100, two decimals. */
    private static ObjectNode rollout(JsonNode value) {
        ObjectNode rollout = JsonInput.object(value, "rollout");
        JsonInput.rejectUnknown(rollout, ROLLOUT_FIELDS, "rollout");
        boolean enabled = !JsonInput.has(rollout, "enabled") || JsonInput.bool(rollout.get("enabled"), "rollout.enabled");
        double percentage = JsonInput.has(rollout, "percentage") ? JsonInput.number(rollout.get("percentage"), "rollout.percentage", 0, 100) : 100;
        if (Math.abs(percentage * 100 - Math.round(percentage * 100)) > 1e-9) {
            throw SpotlightErrors.unprocessable("rollout.percentage", "At most two decimals");
        }
        ObjectNode canonical = JsonMapper.shared().createObjectNode().put("enabled", enabled);
        if (percentage == Math.rint(percentage)) {
            canonical.put("percentage", (int) percentage);
        } else {
            canonical.put("percentage", percentage);
        }
        return canonical;
    }

    /** {@code schedule}: optional bounds; when both are set, end after start. */
    private static ObjectNode schedule(JsonNode value) {
        ObjectNode canonical = JsonMapper.shared().createObjectNode();
        if (value.isNull()) {
            return canonical.putNull("start_at").putNull("end_at");
        }
        ObjectNode schedule = JsonInput.object(value, "schedule");
        JsonInput.rejectUnknown(schedule, SCHEDULE_FIELDS, "schedule");
        Instant start = JsonInput.instant(schedule.get("start_at"), "schedule.start_at");
        Instant end = JsonInput.instant(schedule.get("end_at"), "schedule.end_at");
        if (start != null && end != null && !end.isAfter(start)) {
            throw SpotlightErrors.unprocessable("schedule.end_at", "Must be after start_at");
        }
        canonical.put("start_at", start == null ? null : start.toString());
        canonical.put("end_at", end == null ? null : end.toString());
        return canonical;
    }

    /**
     * {@code frequency}: {@code max_impressions} (1–1000) and {@code min_interval_seconds} (0–365 days), each null for
     * no cap. The whole object is replaced, like {@code rollout}: a key left out means no cap, so what a PUT sends is
     * what is served. An unknown key is 422 (reference §11.2 names exactly these two), a wrong JSON type 400.
     */
    private static ObjectNode frequency(JsonNode value) {
        if (value.isNull()) {
            return noFrequencyCap();
        }
        ObjectNode frequency = JsonInput.object(value, "frequency");
        for (String field : frequency.propertyNames()) {
            if (!FREQUENCY_FIELDS.contains(field)) {
                throw SpotlightErrors.unprocessable(JsonInput.path("frequency", field),
                        "Not a frequency cap (max_impressions, min_interval_seconds)");
            }
        }
        ObjectNode canonical = noFrequencyCap();
        if (JsonInput.has(frequency, "max_impressions")) {
            canonical.put("max_impressions", JsonInput.integer(frequency.get("max_impressions"), "frequency.max_impressions", 1, MAX_IMPRESSIONS));
        }
        if (JsonInput.has(frequency, "min_interval_seconds")) {
            canonical.put("min_interval_seconds",
                    JsonInput.integer(frequency.get("min_interval_seconds"), "frequency.min_interval_seconds", 0, MAX_INTERVAL_SECONDS));
        }
        return canonical;
    }

    private static ObjectNode noFrequencyCap() {
        return JsonMapper.shared().createObjectNode().putNull("max_impressions").putNull("min_interval_seconds");
    }

    /**
     * The stored {@code frequency} of a definition; definitions written before the field existed have none and mean
     * no cap, so they read as the default instead of being rewritten (which would mark published tours as changed).
     */
    public static JsonNode frequencyOf(JsonNode definition) {
        JsonNode frequency = definition.get("frequency");
        return frequency != null && frequency.isObject() ? frequency : noFrequencyCap();
    }

    /** Whether {@code now} lies in the canonical schedule window {@code [start_at, end_at)}. */
    public static boolean inWindow(JsonNode schedule, Instant now) {
        JsonNode start = schedule.path("start_at");
        JsonNode end = schedule.path("end_at");
        return (!start.isString() || !now.isBefore(Instant.parse(start.stringValue())))
                && (!end.isString() || now.isBefore(Instant.parse(end.stringValue())));
    }
}
