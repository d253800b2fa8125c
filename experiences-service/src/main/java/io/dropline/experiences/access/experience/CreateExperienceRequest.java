package io.dropline.experiences.access.experience;

import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.queue.NestedQueueRequest;
import io.dropline.experiences.access.queue.QueueService;
import io.dropline.experiences.access.queue.TimeZoneRule;
import io.dropline.experiences.access.sequence.NestedSequenceRequest;
import io.dropline.experiences.access.sequence.SequenceService;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /experiences}: name required; an optional first {@code sequence} (with its {@code queues}) is
 * validated with the rest, so one 400 lists every problem and nothing is written unless all of it is valid.
 */
record CreateExperienceRequest(
        // Declared in the order the details of a 400 have always been listed in: the zone and the nested sequence first.
        @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
        @WellTyped(message = "Must be an object") Tristate<@Valid NestedSequenceRequest> sequence,
        @Required @NotNullValue @NotBlankValue @Text(max = ExperienceFields.MAX_NAME) Tristate<String> name,
        @Text(max = 100) Tristate<String> accessCode,
        @WellTyped(message = ExperienceFields.OBJECT) @JsonText(maxChars = ExperienceFields.MAX_JSON_CHARS) Tristate<ObjectNode> theme,
        @WellTyped(message = ExperienceFields.OBJECT) @JsonText(maxChars = ExperienceFields.MAX_JSON_CHARS) Tristate<ObjectNode> i18n)
        implements ExperienceFields {

    /** The nested sequence, or null when absent or null. */
    NestedSequenceRequest firstSequence() {
        return sequence.value();
    }

    /**
     * Each nested queue's window, its local date-times read in its zone, else this experience's (if valid), else
     * UTC: known only here, so checked here and reported with the body's other problems.
     */
    List<FieldError> windowProblems() {
        if (firstSequence() == null) {
            return List.of();
        }
        List<FieldError> problems = new ArrayList<>(firstSequence().distributionProblems(TimeZoneRule.validOrNull(timeZone), "sequence."));
        if (firstSequence().queues().value() == null) {
            return problems;
        }
        List<NestedQueueRequest> queues = firstSequence().queues().value();
        for (int i = 0; i < queues.size(); i++) {
            if (queues.get(i) != null) {
                problems.add(QueueService.windowProblem(queues.get(i), TimeZoneRule.validOrNull(timeZone), "sequence.queues[" + i + "]"));
            }
        }
        return problems.stream().filter(Objects::nonNull).toList();
    }
}
