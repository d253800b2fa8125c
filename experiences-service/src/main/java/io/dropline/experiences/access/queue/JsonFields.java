package io.dropline.experiences.access.queue;

import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict reading of one JSON object of an Admin API body (experiences, sequences, queues): absent and null are
 * told apart, unknown fields are refused, and every problem is collected with its path so one 400 lists them
 * all. Shared by the experience, sequence and queue features, which nest each other's create bodies.
 */
public final class JsonFields {

    private static final int MAX_JSON_CHARS = 16_384;
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private final JsonNode node;
    private final String prefix;
    private final List<FieldError> errors;

    private JsonFields(JsonNode node, String prefix, List<FieldError> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** The reader of {@code node}; if it is not an object, the problem is recorded and every field reads absent. */
    public static JsonFields of(JsonNode node, String prefix, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(prefix.isEmpty() ? "body" : prefix, "Must be an object"));
            return new JsonFields(JsonMapper.shared().createObjectNode(), prefix, errors);
        }
        return new JsonFields(node, prefix, errors);
    }

    public void rejectUnknown(Set<String> allowed) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                error(name, "Unknown field");
            }
        }
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public JsonNode raw(String field) {
        return node.get(field);
    }

    public String path(String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    public void error(String field, String message) {
        errors.add(new FieldError(path(field), message));
    }

    /**
     * Which of a canonical name and its legacy alias the body uses (the canonical one when neither); both at
     * once is an error, as they could disagree.
     */
    public String either(String canonical, String alias) {
        if (node.has(canonical) && node.has(alias)) {
            error(alias, "Cannot be combined with " + canonical + " (" + alias + " is its legacy name)");
            return canonical;
        }
        return node.has(alias) ? alias : canonical;
    }

    /** A required string on create: present, not null, not blank. */
    public Change<String> requiredText(String field, int maxLength, boolean creating) {
        if (creating && !node.has(field)) {
            error(field, "Required");
            return Change.absent();
        }
        Change<String> text = text(field, maxLength);
        if (text.present() && text.value() == null) {
            error(field, node.get(field).isNull() ? "Must not be null" : "Must not be blank");
            return Change.absent();
        }
        return text;
    }

    /** An optional string: trimmed; empty means null; control characters refused. */
    public Change<String> text(String field, int maxLength) {
        if (!node.has(field)) {
            return Change.absent();
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return Change.of(null);
        }
        if (!value.isString()) {
            error(field, "Must be a string or null");
            return Change.absent();
        }
        String text = value.stringValue().strip();
        if (text.length() > maxLength) {
            error(field, "Must be at most " + maxLength + " characters");
            return Change.absent();
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            error(field, "Must not contain control characters");
            return Change.absent();
        }
        return Change.of(text.isEmpty() ? null : text);
    }

    /** An integer in [min, max]; null allowed only when {@code nullable}. */
    public Change<Integer> integer(String field, int min, int max, boolean nullable) {
        if (!node.has(field)) {
            return Change.absent();
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            if (nullable) {
                return Change.of(null);
            }
            error(field, "Must not be null");
            return Change.absent();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            error(field, "Must be an integer between " + min + " and " + max + (nullable ? " or null" : ""));
            return Change.absent();
        }
        return Change.of(value.intValue());
    }

    public Change<Boolean> bool(String field) {
        if (!node.has(field)) {
            return Change.absent();
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            error(field, "Must be true or false");
            return Change.absent();
        }
        return Change.of(value.booleanValue());
    }

    /** A JSON object (or null) stored as jsonb text. */
    public Change<String> json(String field) {
        if (!node.has(field)) {
            return Change.absent();
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return Change.of(null);
        }
        if (!value.isObject()) {
            error(field, "Must be an object or null");
            return Change.absent();
        }
        String json = JsonMapper.shared().writeValueAsString(value);
        // PostgreSQL's jsonb cannot hold U+0000, so it is refused here rather than failing at insert time.
        if (json.length() > MAX_JSON_CHARS) {
            error(field, "Must be at most " + MAX_JSON_CHARS + " characters as JSON");
            return Change.absent();
        }
        if (json.contains("\\u0000")) {
            error(field, "Must not contain U+0000");
            return Change.absent();
        }
        return Change.of(json);
    }

    /** An IANA time zone name such as {@code Europe/Berlin}, or null. */
    public Change<String> zone(String field) {
        Change<String> text = text(field, 64);
        if (text.present() && text.value() != null && !ZONES.contains(text.value())) {
            error(field, "Must be an IANA time zone, e.g. Europe/Berlin");
            return Change.absent();
        }
        return text;
    }

    /** A public id with the given prefix ({@code exp}, {@code aud} …), or null when {@code nullable}. */
    public Change<UUID> id(String field, String idPrefix, boolean nullable) {
        if (!node.has(field)) {
            return Change.absent();
        }
        JsonNode value = node.get(field);
        if (value.isNull() && nullable) {
            return Change.of(null);
        }
        UUID uuid = value.isString() ? Ids.parse(idPrefix, value.stringValue()).orElse(null) : null;
        if (uuid == null) {
            error(field, "Must be an id of the form " + idPrefix + "_…" + (nullable ? " or null" : ""));
            return Change.absent();
        }
        return Change.of(uuid);
    }

    /** An ISO-8601 date-time with or without offset (or null); without one it is read later in a time zone. */
    public Change<Moment> moment(String field) {
        if (!node.has(field)) {
            return Change.absent();
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return Change.of(null);
        }
        if (value.isString()) {
            Moment moment = Moment.parse(value.stringValue().strip());
            if (moment != null) {
                return Change.of(moment);
            }
        }
        error(field, "Must be an ISO-8601 date-time between years 1970 and 9999, e.g. 2030-01-01T10:00:00Z, or null");
        return Change.absent();
    }

    /** A point in time as written: absolute (with offset) or local (to be read in a time zone). */
    public record Moment(Instant instant, LocalDateTime local) {

        static Moment parse(String text) {
            try {
                OffsetDateTime absolute = OffsetDateTime.parse(text);
                return inRange(absolute.getYear()) ? new Moment(absolute.toInstant(), null) : null;
            } catch (DateTimeParseException notAbsolute) {
                try {
                    LocalDateTime local = LocalDateTime.parse(text);
                    return inRange(local.getYear()) ? new Moment(null, local) : null;
                } catch (DateTimeParseException invalid) {
                    return null;
                }
            }
        }

        private static boolean inRange(int year) {
            return year >= 1970 && year <= 9999;
        }

        public Instant in(ZoneId zone) {
            try {
                return instant != null ? instant : local.atZone(zone).toInstant();
            } catch (DateTimeException impossible) {
                throw new IllegalStateException("A checked local date-time fits every zone", impossible);
            }
        }
    }
}
