package io.dropline.experiences.access.queue;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import java.time.ZoneId;
import java.util.Set;

/** An IANA time zone name such as {@code Europe/Berlin} (experience and queue bodies). */
public final class TimeZoneRule implements FieldRules.TextRule {

    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    @Override
    public String problem(String text) {
        return ZONES.contains(text) ? null : "Must be an IANA time zone, e.g. Europe/Berlin";
    }

    /** The zone a field names if it is a valid zone name, else null (an invalid field changes nothing). */
    public static String validOrNull(Tristate<String> field) {
        String zone = field.value() == null ? null : field.value().strip();
        return zone != null && zone.length() <= 64 && ZONES.contains(zone) ? zone : null;
    }
}
