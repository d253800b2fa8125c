package io.dropline.experiences.access.draw;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.queue.TimeZoneRule;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of a draw as one body states them, shared by {@link CreateDrawRequest}, {@link NestedDrawRequest} and
 * {@link UpdateDrawRequest}. Date-times without an offset are read in the draw's zone, else the experience's, else UTC,
 * as a queue's are. {@code maxEntries} is the legacy name of {@code capacity}.
 */
interface DrawFields {

    int MAX_NAME = 200;
    int MAX_WINNERS = 100_000;
    int MAX_COUNT = 100_000_000;
    int MAX_EXPIRATION_SECONDS = 7 * 24 * 3600;
    int MAX_JSON_CHARS = 16_384;
    String BOOLEAN = "Must be true or false";
    String OBJECT = "Must be an object or null";

    Tristate<String> name();

    Tristate<String> timeZone();

    Tristate<String> openAt();

    Tristate<String> closeAt();

    Tristate<String> drawAt();

    Tristate<Boolean> supportsGuest();

    Tristate<Integer> winnerCount();

    Tristate<Integer> capacity();

    Tristate<Integer> admissionExpirationSeconds();

    Tristate<Boolean> continueSelectingUntilCompleted();

    Tristate<Boolean> loyaltyBiasEnabled();

    Tristate<ObjectNode> metadata();

    /** A new draw's defaults: name, drawAt and winnerCount are always given on create. */
    static DrawValues defaults() {
        return new DrawValues(null, null, null, null, null, true, 1, null, null, false, false, null);
    }

    /** This (valid) body merged over {@code current}, its date-times read as {@link #window} says. */
    default DrawValues applyTo(DrawValues current, String experienceZone) {
        Window window = window(current, experienceZone);
        return new DrawValues(FieldRules.stripped(name()).or(current.name()), window.zone(), window.openAt(), window.closeAt(),
                window.drawAt(), supportsGuest().or(current.supportsGuest()), winnerCount().or(current.winnerCount()),
                capacity().or(current.capacity()), admissionExpirationSeconds().or(current.admissionExpirationSeconds()),
                continueSelectingUntilCompleted().or(current.continueSelectingUntilCompleted()),
                loyaltyBiasEnabled().or(current.loyaltyBiasEnabled()), FieldRules.jsonText(metadata()).or(current.metadataJson()));
    }

    /**
     * The zone and times after this body over {@code current}; fields that are not valid change nothing, so the
     * order of the times can be checked on a body refused for other reasons too (one 400 lists every problem).
     */
    default Window window(DrawValues current, String experienceZone) {
        String zoneName = timeZone().present() && !timeZone().wrongType()
                && (timeZone().value() == null || TimeZoneRule.validOrNull(timeZone()) != null)
                ? FieldRules.stripped(timeZone()).value() : current.timeZone();
        ZoneId zone = zoneName != null ? ZoneId.of(zoneName) : experienceZone != null ? ZoneId.of(experienceZone) : ZoneOffset.UTC;
        return new Window(zoneName, moment(openAt(), current.openAt(), zone), moment(closeAt(), current.closeAt(), zone),
                moment(drawAt(), current.drawAt(), zone));
    }

    /** The draw's zone and times as a body leaves them. */
    record Window(String zone, Instant openAt, Instant closeAt, Instant drawAt) {

        /** What is wrong with the order of the times, each at {@code prefix + field}. */
        List<FieldError> problems(String prefix) {
            List<FieldError> problems = new ArrayList<>();
            if (openAt != null && closeAt != null && !closeAt.isAfter(openAt)) {
                problems.add(new FieldError(prefix + "closeAt", "Must be later than openAt"));
            }
            if (drawAt != null && openAt != null && !drawAt.isAfter(openAt)) {
                problems.add(new FieldError(prefix + "drawAt", "Must be later than openAt"));
            } else if (drawAt != null && closeAt != null && drawAt.isBefore(closeAt)) {
                problems.add(new FieldError(prefix + "drawAt", "Must not be earlier than closeAt"));
            }
            return problems;
        }
    }

    /** A valid date-time field over its current value: absent keeps it, null clears it, text is read in {@code zone}. */
    private static Instant moment(Tristate<String> field, Instant current, ZoneId zone) {
        if (!field.present() || field.wrongType()) {
            return current;
        }
        if (field.value() == null) {
            return null;
        }
        Instant parsed = parse(field.value(), zone);
        return parsed != null ? parsed : current;
    }

    /** An ISO-8601 date-time with an offset, or a local one read in {@code zone}; null when it is neither. */
    static Instant parse(String raw, ZoneId zone) {
        String text = raw.strip();
        try {
            OffsetDateTime absolute = OffsetDateTime.parse(text);
            return inRange(absolute.getYear()) ? absolute.toInstant() : null;
        } catch (DateTimeParseException notAbsolute) {
            try {
                LocalDateTime local = LocalDateTime.parse(text);
                return inRange(local.getYear()) ? local.atZone(zone).toInstant() : null;
            } catch (DateTimeException invalid) {
                return null;
            }
        }
    }

    private static boolean inRange(int year) {
        return year >= 1970 && year <= 9999;
    }
}
