package io.dropline.experiences.access.distribution;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * A distribution's zone and window as a request body leaves them, for the types that read bodies with the shared
 * rules (timed releases, waitlists): date-times with an offset are absolute, those without are read in the
 * distribution's zone (as it will be after the change), else the experience's, else UTC. Fields that are not valid
 * change nothing here (their 400 comes from the body's rules), so the window can still be checked and reported
 * with every other problem of the body. The queue keeps its own copy ({@code queue.QueueFields}).
 */
public record Schedule(String zone, Instant openAt, Instant closeAt) {

    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    /** Whether the window ends after it starts (or is open on a side). */
    public boolean ordered() {
        return openAt == null || closeAt == null || closeAt.isAfter(openAt);
    }

    /** The schedule after a body's {@code timeZone}, {@code openAt}, {@code closeAt} over {@code current}. */
    public static Schedule after(Tristate<String> timeZone, Tristate<String> openAt, Tristate<String> closeAt, Schedule current,
            String experienceZone) {
        String zoneName = current.zone();
        if (timeZone.present() && !timeZone.wrongType()) {
            String stripped = FieldRules.stripped(timeZone).value();
            if (stripped == null || ZONES.contains(stripped)) {
                zoneName = stripped;
            }
        }
        ZoneId zone = zoneName != null ? ZoneId.of(zoneName) : experienceZone != null && ZONES.contains(experienceZone)
                ? ZoneId.of(experienceZone) : ZoneOffset.UTC;
        return new Schedule(zoneName, instant(openAt, zone, current.openAt()), instant(closeAt, zone, current.closeAt()));
    }

    /** A date-time field given in the body (valid or null), else {@code current}. */
    public static Instant instant(Tristate<String> field, ZoneId zone, Instant current) {
        if (!field.present() || field.wrongType()) {
            return current;
        }
        if (field.value() == null) {
            return null;
        }
        Instant parsed = parse(field.value(), zone);
        return parsed != null ? parsed : current;
    }

    /** An ISO-8601 date-time with or without offset, between 1970 and 9999, read in {@code zone} without one; else null. */
    public static Instant parse(String raw, ZoneId zone) {
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
