package io.dropline.experiences.access.sequence;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.experiences.access.draw.NestedDrawRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /sequences}: a sequence under an existing experience ({@code experienceId}), optionally with {@code draws}; name required. */
record CreateSequenceRequest(
        @Required @PublicId(prefix = "exp") Tristate<String> experienceId,
        @Required @NotNullValue @NotBlankValue @Text(max = 200) Tristate<String> name,
        @NotNullValue @IntRange(min = -SequenceFields.MAX_PRIORITY, max = SequenceFields.MAX_PRIORITY) Tristate<Integer> priority,
        @Text(max = 32) Tristate<String> color,
        @PublicId(prefix = "aud", orNull = true) Tristate<String> audienceId,
        @Text(max = 100) Tristate<String> accessCode,
        @WellTyped(message = NestedSequenceRequest.DRAWS)
        Tristate<@Size(max = SequenceFields.MAX_NESTED_QUEUES, message = NestedSequenceRequest.DRAWS) List<@Valid NestedDrawRequest>> draws)
        implements SequenceFields {

    /** The draws to create with the sequence, in its transaction (none when absent or null). */
    List<NestedDrawRequest> drawList() {
        return draws.value() == null ? List.of() : draws.value();
    }
}
