package io.dropline.experiences.access.sequence;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.id.Ids;

/** The fields of a sequence as one body states them (standalone create, nested create, update). */
interface SequenceFields {

    int MAX_PRIORITY = 1_000_000;
    int MAX_NESTED_QUEUES = 50;

    Tristate<String> name();

    Tristate<Integer> priority();

    Tristate<String> color();

    Tristate<String> audienceId();

    Tristate<String> accessCode();

    /** This (valid) body merged over {@code current}. */
    default SequenceRepository.Values applyTo(SequenceRepository.Values current) {
        return new SequenceRepository.Values(FieldRules.stripped(name()).or(current.name()), priority().or(current.priority()),
                FieldRules.stripped(color()).or(current.color()),
                audienceId().map(id -> Ids.parse("aud", id).orElseThrow()).or(current.audienceId()),
                FieldRules.stripped(accessCode()).or(current.accessCode()));
    }
}
