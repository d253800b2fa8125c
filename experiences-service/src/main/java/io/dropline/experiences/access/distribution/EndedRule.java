package io.dropline.experiences.access.distribution;

import io.dropline.contracts.body.FieldRules;

/** The one value an update's {@code statusOverride} takes ("ended": stop the distribution); null is handled by its type. */
public final class EndedRule implements FieldRules.TextRule {
    @Override
    public String problem(String text) {
        return text.equals("ended") ? null : "Must be \"ended\" or null";
    }
}
