package io.dropline.experiences.spotlight;

/** The seed's {@code limit} (1–100, default 20) and {@code offset} (≥ 0, default 0); anything else is 400. */
public record Paging(int limit, long offset) {

    public static Paging of(String limit, String offset) {
        return new Paging((int) parse("limit", limit, 20, 1, 100), parse("offset", offset, 0, 0, 1_000_000_000L));
    }

    private static long parse(String name, String value, long fallback, long min, long max) {
        if (value == null) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw SpotlightErrors.badRequest(name, "Must be an integer from " + min + " to " + max);
    }
}
