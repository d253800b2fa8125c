package io.dropline.contracts.web;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/** Strict reading of query parameters: an unknown or repeated parameter is a 400, never silently ignored. */
public final class QueryParams {

    private final MultiValueMap<String, String> params;

    private QueryParams(MultiValueMap<String, String> params) {
        this.params = params;
    }

    /** Accepts only the named parameters, each at most once. */
    public static QueryParams only(MultiValueMap<String, String> params, Set<String> allowed) {
        List<FieldError> errors = params.entrySet().stream()
                .flatMap(entry -> !allowed.contains(entry.getKey())
                        ? java.util.stream.Stream.of(new FieldError(entry.getKey(), "Unknown parameter"))
                        : entry.getValue().size() > 1
                                ? java.util.stream.Stream.of(new FieldError(entry.getKey(), "Given more than once"))
                                : java.util.stream.Stream.empty())
                .toList();
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new QueryParams(params);
    }

    public String get(String name) {
        return params.getFirst(name);
    }

    /**
     * An instant given as ISO-8601 with any offset, or as a date ({@code 2024-01-01}, read as midnight UTC).
     */
    public Instant instant(String name, List<FieldError> errors) {
        String raw = get(name);
        if (raw == null) {
            return null;
        }
        try {
            return raw.length() == 10 ? LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException invalid) {
            errors.add(new FieldError(name, "Must be an ISO-8601 date or date-time"));
            return null;
        }
    }
}
