package io.dropline.experiences.access.experience;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import tools.jackson.databind.node.ObjectNode;

/** The writable fields of an experience as one body states them, in the form they are stored (stripped text, jsonb text). */
interface ExperienceFields {

    int MAX_NAME = 200;
    int MAX_JSON_CHARS = 16_384;
    String OBJECT = "Must be an object or null";

    Tristate<String> name();

    Tristate<String> timeZone();

    Tristate<String> accessCode();

    Tristate<ObjectNode> theme();

    Tristate<ObjectNode> i18n();

    default Tristate<String> storedName() {
        return FieldRules.stripped(name());
    }

    default Tristate<String> storedTimeZone() {
        return FieldRules.stripped(timeZone());
    }

    default Tristate<String> storedAccessCode() {
        return FieldRules.stripped(accessCode());
    }

    default Tristate<String> themeJson() {
        return FieldRules.jsonText(theme());
    }

    default Tristate<String> i18nJson() {
        return FieldRules.jsonText(i18n());
    }
}
