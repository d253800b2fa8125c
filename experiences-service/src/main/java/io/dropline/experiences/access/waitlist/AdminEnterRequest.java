package io.dropline.experiences.access.waitlist;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.Tristate;

/**
 * {@code POST /sequences/{id}/waitlist/enter} (secret key): signs a consumer up on the sequence's waitlist from the
 * merchant's server, with an optional {@code priority} (higher is notified first by the priority strategy; VIPs).
 */
record AdminEnterRequest(
        @Required @PublicId(prefix = "cons") Tristate<String> consumerId,
        @NotNullValue @IntRange(min = -1_000_000, max = 1_000_000) Tristate<Integer> priority) {
}
