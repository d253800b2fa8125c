package io.dropline.experiences.access.timedrelease;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.distribution.Schedule;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of a timed release as one body states them (reference §5.8: the shared distribution fields, no others;
 * {@code supportsGuest} required on create), shared by the create, nested and update requests.
 */
interface TimedReleaseFields {

    int MAX_NAME = 200;
    int MAX_JSON_CHARS = 16_384;
    String BOOLEAN = "Must be true or false";
    String OBJECT = "Must be an object or null";

    Tristate<String> name();

    Tristate<String> timeZone();

    Tristate<String> openAt();

    Tristate<String> closeAt();

    Tristate<Boolean> supportsGuest();

    Tristate<ObjectNode> metadata();

    /** The schedule after this body over {@code current}. */
    default Schedule schedule(TimedReleaseValues current, String experienceZone) {
        return Schedule.after(timeZone(), openAt(), closeAt(), new Schedule(current.timeZone(), current.openAt(), current.closeAt()),
                experienceZone);
    }

    /** This (valid) body merged over {@code current}. */
    default TimedReleaseValues applyTo(TimedReleaseValues current, String experienceZone) {
        Schedule schedule = schedule(current, experienceZone);
        return new TimedReleaseValues(FieldRules.stripped(name()).or(current.name()), schedule.zone(), schedule.openAt(),
                schedule.closeAt(), supportsGuest().or(current.supportsGuest()), FieldRules.jsonText(metadata()).or(current.metadataJson()));
    }

    /** The window problem, at {@code prefix}, for one 400 with the body's other problems. */
    default List<FieldError> windowProblems(TimedReleaseValues current, String experienceZone, String prefix) {
        return schedule(current, experienceZone).ordered() ? List.of() : List.of(new FieldError(prefix + "closeAt", "Must be later than openAt"));
    }
}
