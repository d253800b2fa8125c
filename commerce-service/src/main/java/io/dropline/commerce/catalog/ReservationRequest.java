package io.dropline.commerce.catalog;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.Tristate;

/** {@code POST …/variants/{id}/reservations}: {@code {quantity, expiresInSeconds? (1–3600, default 600), consumerId?}}. */
record ReservationRequest(
        @Required @NotNullValue @IntRange(min = 1, max = 1000) Tristate<Integer> quantity,
        @NotNullValue @IntRange(min = 1, max = 3600) Tristate<Integer> expiresInSeconds,
        @PublicId(prefix = "cons", orNull = true) Tristate<String> consumerId) {

    static final int DEFAULT_SECONDS = 600;
}
