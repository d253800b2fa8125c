package io.dropline.contracts.error;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on, rendered in the API's own error format by the shared error handler. It carries
 * its own status, code, details and Retry-After, and is made where the case is known (mostly through the factories
 * below); domain cases are not subclasses of it (docs/adr/0006). The one subclass, {@link
 * io.dropline.contracts.page.InvalidCursorException}, is shared mechanism: every list answers a bad cursor alike.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<FieldError> details;
    private final Long retryAfterSeconds;

    public ApiException(HttpStatus status, String message, String code, List<FieldError> details) {
        this(status, message, code, details, null);
    }

    private ApiException(HttpStatus status, String message, String code, List<FieldError> details, Long retryAfterSeconds) {
        this(status, message, code, details, retryAfterSeconds, null);
    }

    private ApiException(HttpStatus status, String message, String code, List<FieldError> details, Long retryAfterSeconds,
            Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiException(HttpStatus status, String message, String code) {
        this(status, message, code, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> details() {
        return details;
    }

    /** Seconds for a {@code Retry-After} header (423 not open yet, 429 queue full, 503), or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The same failure, answered with a {@code Retry-After} header. */
    public ApiException retryAfter(long seconds) {
        return new ApiException(status, getMessage(), code, details, Math.max(1, seconds), getCause());
    }

    /**
     * The same answer, remembering the failure behind it: never shown to the client, but the log names it (a 503's
     * line says which dependency failed and how, see {@link io.dropline.contracts.web.OutageLog}).
     */
    public ApiException causedBy(Throwable cause) {
        return new ApiException(status, getMessage(), code, details, retryAfterSeconds, cause);
    }

    /** 400 "Validation failed" with one entry per bad field. */
    public static ApiException validation(List<FieldError> details) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Validation failed", null, details);
    }

    public static ApiException validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    /** 404 with the resource's name: {@code notFound("Consumer")} → "Consumer not found". */
    public static ApiException notFound(String resource) {
        return new ApiException(HttpStatus.NOT_FOUND, resource + " not found", null);
    }

    /** 409 state conflict; conflicts always carry a code. */
    public static ApiException conflict(String message, String code) {
        return new ApiException(HttpStatus.CONFLICT, message, code);
    }
}
