package io.dropline.experiences.access.experience;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.Tristate;

/** {@code POST /experiences/{id}/duplicate} (optional body): the copy's name; absent or null means "Copy of …". */
record DuplicateExperienceRequest(@Text(max = ExperienceFields.MAX_NAME) Tristate<String> name) {

    String or(String fallback) {
        String stripped = FieldRules.stripped(name).value();
        return stripped == null ? fallback : stripped;
    }
}
