package io.dropline.contracts.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The Fanfare error envelope: {@code { "error", "code"?, "details"?, "requestId", "retryAfter"? }}. Never a
 * stack trace, SQL text or internal host name.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String error, String code, List<FieldError> details, String requestId, Long retryAfter) {

    public ApiError(String error, String code, List<FieldError> details, String requestId) {
        this(error, code, details, requestId, null);
    }
}
