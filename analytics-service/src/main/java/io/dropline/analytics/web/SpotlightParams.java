package io.dropline.analytics.web;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.web.QueryParams;

/** Integer query parameters of the Spotlight Admin API, read strictly: a bad value is a 400, never a default. */
public final class SpotlightParams {

    private SpotlightParams() {
    }

    /** The parameter as a long within [min, max], or the default when absent. */
    public static long bounded(QueryParams params, String name, long fallback, long min, long max) {
        String raw = params.get(name);
        if (raw == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException notAnInteger) {
            throw ApiException.validation(name, "Must be an integer from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw ApiException.validation(name, "Must be an integer from " + min + " to " + max);
        }
        return value;
    }
}
