package io.dropline.contracts.page;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a cursor-paginated list, as asked for by {@code first}/{@code after} (forward) or
 * {@code last}/{@code before} (backward). Mixing directions, sizes outside 1–100 and unparsable numbers are
 * 400s with one detail per bad parameter.
 */
public record PageRequest(boolean backward, int size, String cursor) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /** Parses the raw query parameters (any may be null). */
    public static PageRequest of(String first, String after, String last, String before) {
        List<FieldError> errors = new ArrayList<>();
        boolean forwardGiven = first != null || after != null;
        boolean backwardGiven = last != null || before != null;
        if (forwardGiven && backwardGiven) {
            errors.add(new FieldError(last != null ? "last" : "before",
                    "Cannot be combined with first/after: page in one direction at a time"));
        }
        Integer size = backwardGiven ? size("last", last, errors) : size("first", first, errors);
        if (after != null && after.isBlank()) {
            errors.add(new FieldError("after", "Invalid cursor"));
        }
        if (before != null && before.isBlank()) {
            errors.add(new FieldError("before", "Invalid cursor"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return backwardGiven ? new PageRequest(true, size, before) : new PageRequest(false, size, after);
    }

    /** The name of the cursor parameter, for error details. */
    public String cursorField() {
        return backward ? "before" : "after";
    }

    private static Integer size(String field, String raw, List<FieldError> errors) {
        if (raw == null) {
            return DEFAULT_SIZE;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= 1 && value <= MAX_SIZE) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, like an out-of-range size
        }
        errors.add(new FieldError(field, "Must be an integer between 1 and " + MAX_SIZE));
        return DEFAULT_SIZE;
    }
}
