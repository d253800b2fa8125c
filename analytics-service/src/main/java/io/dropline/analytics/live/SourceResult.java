package io.dropline.analytics.live;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * What one source answered: {@code ok} with its values, or why its part is missing — {@code timeout} (no answer
 * within its deadline), {@code unavailable} (refused, 5xx, route missing, breaker open), {@code busy} (too many calls
 * to it in flight), {@code not_found} (the resource is not this tenant's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceResult(String status, String message, Instant at, @JsonIgnore Map<String, Object> values) {

    public static final String OK = "ok";
    public static final String TIMEOUT = "timeout";
    public static final String UNAVAILABLE = "unavailable";
    public static final String BUSY = "busy";
    public static final String NOT_FOUND = "not_found";

    static SourceResult ok(Instant at, Map<String, Object> values) {
        return new SourceResult(OK, null, at, values);
    }

    static SourceResult failed(String status, String message) {
        return new SourceResult(status, message, null, Map.of());
    }

    @JsonIgnore
    public boolean isOk() {
        return OK.equals(status);
    }
}
