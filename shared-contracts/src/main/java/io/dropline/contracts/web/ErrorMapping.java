package io.dropline.contracts.web;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Classifies any failure into what the client is told. Client mistakes become precise 4xx answers; anything
 * unexpected becomes a bare 500 whose details go to the log only.
 */
public final class ErrorMapping {

    /** What an error response says, independent of the API's envelope. */
    public record ErrorView(HttpStatus status, String message, String code, List<FieldError> details, Long retryAfterSeconds) {

        ErrorView(HttpStatus status, String message, String code, List<FieldError> details) {
            this(status, message, code, details, null);
        }

        public boolean serverFault() {
            return status.is5xxServerError();
        }
    }

    /**
     * Failures that mean a dependency (PostgreSQL, Redis, a peer service) is down or too slow right now: the client
     * gets 503 with Retry-After, never a 500. Matched by type name, since this module does not depend on the
     * drivers; subclasses match too.
     */
    private static final Set<String> DEPENDENCY_FAILURES = Set.of(
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.QueryTimeoutException",
            "org.springframework.dao.TransientDataAccessResourceException",
            "io.r2dbc.spi.R2dbcNonTransientResourceException",
            "io.r2dbc.spi.R2dbcTransientResourceException",
            "io.r2dbc.spi.R2dbcTimeoutException",
            "io.lettuce.core.RedisConnectionException",
            "io.lettuce.core.RedisCommandTimeoutException",
            "io.github.resilience4j.circuitbreaker.CallNotPermittedException",
            "java.net.ConnectException",
            "java.util.concurrent.TimeoutException");

    private static final long DEPENDENCY_RETRY_AFTER_SECONDS = 2;

    private ErrorMapping() {
    }

    static boolean dependencyUnavailable(Throwable error) {
        for (Throwable current = error; current != null && current.getCause() != current; current = current.getCause()) {
            for (Class<?> type = current.getClass(); type != null; type = type.getSuperclass()) {
                if (DEPENDENCY_FAILURES.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    public static ErrorView classify(Throwable error) {
        if (error instanceof ApiException api) {
            return new ErrorView(api.status(), api.getMessage(), api.code(), api.details(), api.retryAfterSeconds());
        }
        if (error instanceof WebExchangeBindException binding) {
            return validation(binding.getFieldErrors().stream()
                    .map(field -> new FieldError(field.getField(), field.getDefaultMessage()))
                    .toList());
        }
        if (error instanceof UnsupportedMediaTypeStatusException) {
            return new ErrorView(HttpStatus.BAD_REQUEST, "Content-Type must be application/json", "UNSUPPORTED_MEDIA_TYPE", List.of());
        }
        if (causedBy(error, DataBufferLimitException.class) != null) {
            return new ErrorView(HttpStatus.PAYLOAD_TOO_LARGE, "Request body too large", "PAYLOAD_TOO_LARGE", List.of());
        }
        if (error instanceof ServerWebInputException input) {
            return input(input);
        }
        if (error instanceof MethodNotAllowedException) {
            return new ErrorView(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed", "METHOD_NOT_ALLOWED", List.of());
        }
        if (dependencyUnavailable(error)) {
            return new ErrorView(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "SERVICE_UNAVAILABLE", List.of(),
                    DEPENDENCY_RETRY_AFTER_SECONDS);
        }
        if (error instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
            HttpStatus resolved = HttpStatus.valueOf(status.getStatusCode().value());
            return new ErrorView(resolved, resolved == HttpStatus.NOT_FOUND ? "Not found" : resolved.getReasonPhrase(), null, List.of());
        }
        return new ErrorView(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error", "INTERNAL_ERROR", List.of());
    }

    private static ErrorView input(ServerWebInputException input) {
        UnrecognizedPropertyException unknown = causedBy(input, UnrecognizedPropertyException.class);
        if (unknown != null) {
            return validation(List.of(new FieldError(path(unknown), "Unknown field")));
        }
        StreamConstraintsException tooBig = causedBy(input, StreamConstraintsException.class);
        if (tooBig != null) {
            return new ErrorView(HttpStatus.PAYLOAD_TOO_LARGE, "Request body too large or too deeply nested", "PAYLOAD_TOO_LARGE", List.of());
        }
        StreamReadException malformed = causedBy(input, StreamReadException.class);
        if (malformed != null) {
            return new ErrorView(HttpStatus.BAD_REQUEST, "Malformed JSON", "MALFORMED_JSON", List.of());
        }
        JacksonException binding = causedBy(input, JacksonException.class);
        if (binding != null) {
            return validation(List.of(new FieldError(path(binding), "Invalid value")));
        }
        TypeMismatchException mismatch = causedBy(input, TypeMismatchException.class);
        if (mismatch != null) {
            String name = input.getMethodParameter() != null ? input.getMethodParameter().getParameterName() : mismatch.getPropertyName();
            return validation(List.of(new FieldError(name, "Invalid value")));
        }
        String reason = input.getReason() == null ? "Invalid request" : input.getReason();
        if (reason.startsWith("No request body")) {
            return validation(List.of(new FieldError("body", "Required")));
        }
        return new ErrorView(HttpStatus.BAD_REQUEST, "Invalid request", "INVALID_REQUEST", List.of());
    }

    private static ErrorView validation(List<FieldError> details) {
        return new ErrorView(HttpStatus.BAD_REQUEST, "Validation failed", null, details);
    }

    /** The JSON path of the offending value, e.g. {@code consumers[3].email}. */
    private static String path(JacksonException error) {
        String path = error.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        if (path.startsWith(".")) {
            path = path.substring(1);
        }
        return path.isEmpty() ? "body" : path;
    }

    private static <T extends Throwable> T causedBy(Throwable error, Class<T> type) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }
}
