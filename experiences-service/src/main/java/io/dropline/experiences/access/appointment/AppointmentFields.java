package io.dropline.experiences.access.appointment;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.Schedule;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of an appointment as one body states them (reference §5.4's shared fields, §5.8's {@code locationId},
 * {@code slotDurationMinutes}, {@code bufferMinutes}, {@code maxCapacityPerSlot}), shared by the create, nested and
 * update requests.
 */
interface AppointmentFields {

    int MAX_NAME = 200;
    int MAX_JSON_CHARS = 16_384;
    String BOOLEAN = "Must be true or false";
    String OBJECT = "Must be an object or null";
    String DURATION = "Must be an integer from 5 to 1440 (minutes)";
    String BUFFER = "Must be an integer from 0 to 1440 (minutes)";
    String CAPACITY = "Must be an integer from 1 to 10000";

    Tristate<String> name();

    Tristate<String> timeZone();

    Tristate<String> openAt();

    Tristate<String> closeAt();

    Tristate<Boolean> supportsGuest();

    Tristate<String> locationId();

    Tristate<Integer> slotDurationMinutes();

    Tristate<Integer> bufferMinutes();

    Tristate<Integer> maxCapacityPerSlot();

    Tristate<ObjectNode> metadata();

    default Schedule schedule(AppointmentValues current, String experienceZone) {
        return Schedule.after(timeZone(), openAt(), closeAt(), new Schedule(current.timeZone(), current.openAt(), current.closeAt()),
                experienceZone);
    }

    /** This (valid) body merged over {@code current}. */
    default AppointmentValues applyTo(AppointmentValues current, String experienceZone) {
        Schedule schedule = schedule(current, experienceZone);
        return new AppointmentValues(FieldRules.stripped(name()).or(current.name()), schedule.zone(), schedule.openAt(),
                schedule.closeAt(), supportsGuest().or(current.supportsGuest()),
                locationId().hasValue() ? Ids.parse(AppointmentIds.LOCATION, locationId().value().strip()).orElseThrow() : current.locationId(),
                slotDurationMinutes().or(current.slotDurationMinutes()), bufferMinutes().or(current.bufferMinutes()),
                maxCapacityPerSlot().or(current.maxCapacityPerSlot()),
                metadata().present() ? FieldRules.jsonText(metadata()).value() : current.metadataJson());
    }

    default List<FieldError> windowProblems(AppointmentValues current, String experienceZone, String prefix) {
        return schedule(current, experienceZone).ordered() ? List.of() : List.of(new FieldError(prefix + "closeAt", "Must be later than openAt"));
    }
}
