package io.dropline.experiences.access.experience;

import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.queue.Change;
import io.dropline.experiences.access.queue.JsonFields;
import io.dropline.experiences.access.sequence.NewSequence;
import io.dropline.experiences.access.sequence.SequenceService;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The fields of an experience as one request states them. On create, an optional nested first
 * {@code sequence} (with its {@code queues}) is validated here too, so one 400 lists every problem and
 * nothing is written unless all of it is valid.
 */
record ExperienceChanges(
        Change<String> name,
        Change<String> timeZone,
        Change<String> accessCode,
        Change<String> themeJson,
        Change<String> i18nJson,
        NewSequence sequence) {

    private static final Set<String> UPDATE = Set.of("name", "timeZone", "accessCode", "theme", "i18n");
    private static final Set<String> CREATE = Set.of("name", "timeZone", "accessCode", "theme", "i18n", "sequence");

    static ExperienceChanges parse(JsonNode node, boolean creating, List<FieldError> errors) {
        JsonFields fields = JsonFields.of(node, "", errors);
        fields.rejectUnknown(creating ? CREATE : UPDATE);
        Change<String> timeZone = fields.zone("timeZone");
        NewSequence sequence = null;
        if (creating && fields.has("sequence") && !fields.raw("sequence").isNull()) {
            sequence = SequenceService.parseNested(fields.raw("sequence"), "sequence", timeZone.value(), errors);
        }
        return new ExperienceChanges(
                fields.requiredText("name", 200, creating),
                timeZone,
                fields.text("accessCode", 100),
                fields.json("theme"),
                fields.json("i18n"),
                sequence);
    }
}
