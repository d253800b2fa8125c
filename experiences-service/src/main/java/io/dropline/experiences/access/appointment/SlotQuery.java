package io.dropline.experiences.access.appointment;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.MultiValueMap;

/**
 * The query of {@code GET /appointments/{id}/slots}: {@code startDate} and {@code endDate} (both required, local dates
 * {@code YYYY-MM-DD} of the location, or date-times whose date is taken; at most {@link #MAX_DAYS} days) and an optional
 * {@code timezone} (IANA) to show the times in. Every bad parameter is one 400.
 */
record SlotQuery(LocalDate startDate, LocalDate endDate, ZoneId zone) {

    static final int MAX_DAYS = 62;

    static SlotQuery parse(MultiValueMap<String, String> params) {
        List<FieldError> problems = new ArrayList<>();
        LocalDate start = date(params.getFirst("startDate"), "startDate", problems);
        LocalDate end = date(params.getFirst("endDate"), "endDate", problems);
        ZoneId zone = null;
        String zoneName = params.getFirst("timezone");
        if (zoneName != null) {
            if (ZoneId.getAvailableZoneIds().contains(zoneName.strip())) {
                zone = ZoneId.of(zoneName.strip());
            } else {
                problems.add(new FieldError("timezone", "Must be an IANA time zone, e.g. Europe/Berlin"));
            }
        }
        if (start != null && end != null) {
            if (end.isBefore(start)) {
                problems.add(new FieldError("endDate", "Must not be before startDate"));
            } else if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
                problems.add(new FieldError("endDate", "Must be at most " + MAX_DAYS + " days after startDate (both included)"));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return new SlotQuery(start, end, zone);
    }

    private static LocalDate date(String raw, String field, List<FieldError> problems) {
        if (raw == null || raw.isBlank()) {
            problems.add(new FieldError(field, "Required"));
            return null;
        }
        String text = raw.strip();
        try {
            LocalDate date = text.length() == 10 ? LocalDate.parse(text) : OffsetDateTime.parse(text).toLocalDate();
            if (date.getYear() >= 1970 && date.getYear() <= 9999) {
                return date;
            }
        } catch (DateTimeParseException invalid) {
            // reported below
        }
        problems.add(new FieldError(field, "Must be a date YYYY-MM-DD, e.g. 2030-03-30"));
        return null;
    }

    /** An instant as ISO-8601 with the offset {@code zone} has at that instant (seconds always written). */
    static String format(Instant instant, ZoneId zone) {
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone).toOffsetDateTime());
        } catch (DateTimeException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
