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
     * Failures that mean a dependency (PostgreSQL, Redis, a peer service) is down, unreachable, too slow or going
     * away right now: the client gets 503 with Retry-After, never a 500. Matched by type name, since this module does
     * not depend on the drivers; subclasses match too. What a dependency answered on purpose (a Redis or PostgreSQL
     * error reply such as WRONGTYPE or a syntax error) is ours to fix and stays a 500, whatever wraps it: see
     * {@link #verdict(Throwable)}.
     */
    private static final Set<String> DEPENDENCY_FAILURES = Set.of(
            // Spring's translations: R2DBC resource failures and timeouts, Redis connection failures
            // (RedisConnectionFailureException is a DataAccessResourceFailureException), Lettuce command timeouts.
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.QueryTimeoutException",
            "org.springframework.dao.TransientDataAccessResourceException",
            // Spring Data Redis: no pooled connection to be had.
            "org.springframework.data.redis.connection.PoolException",
            // R2DBC: connection refused, closed or lost mid-query (r2dbc-postgresql's PostgresConnectionException,
            // PostgresConnectionClosedException), request queue full, r2dbc-pool acquire and validation timeouts.
            "io.r2dbc.spi.R2dbcNonTransientResourceException",
            "io.r2dbc.spi.R2dbcTransientResourceException",
            "io.r2dbc.spi.R2dbcTimeoutException",
            // Lettuce: cannot connect, no answer in time, replica promoted (READONLY), dataset still loading.
            "io.lettuce.core.RedisConnectionException",
            "io.lettuce.core.RedisCommandTimeoutException",
            "io.lettuce.core.RedisReadOnlyException",
            "io.lettuce.core.RedisLoadingException",
            "io.github.resilience4j.circuitbreaker.CallNotPermittedException",
            // Sockets: refused, reset, unreachable (SocketException covers ConnectException, NoRouteToHostException),
            // closed under a request, timed out.
            "java.net.SocketException",
            "java.net.SocketTimeoutException",
            "java.nio.channels.ClosedChannelException",
            "io.netty.channel.unix.Errors$NativeIoException",
            "io.netty.channel.ConnectTimeoutException",
            "reactor.netty.http.client.PrematureCloseException",
            "java.util.concurrent.TimeoutException");

    /**
     * Lettuce reports the state of its connection with a plain {@code RedisException} and one of these messages:
     * rejected while disconnected or reconnecting ({@code DisconnectedBehavior.REJECT_COMMANDS}), cancelled when the
     * connection dropped or closed under the command, or its queue of commands waiting for a connection is full.
     */
    private static final List<String> LETTUCE_CONNECTION_STATES = List.of(
            "Currently not connected",
            "Connection disconnected",
            "Connection closed",
            "Connection is closed",
            "Request queue size exceeded",
            "Command buffer size exceeded");

    private static final String LETTUCE_EXCEPTION = "io.lettuce.core.RedisException";
    private static final String LETTUCE_ERROR_REPLY = "io.lettuce.core.RedisCommandExecutionException";
    private static final String LETTUCE_BUSY = "io.lettuce.core.RedisBusyException";
    private static final String R2DBC_EXCEPTION = "io.r2dbc.spi.R2dbcException";

    private static final long DEPENDENCY_RETRY_AFTER_SECONDS = 2;

    private ErrorMapping() {
    }

    /** What one link of a cause chain says about an outage. */
    private enum Verdict {
        /** A dependency is down, unreachable, too slow or shutting down. */
        OUTAGE,
        /** A dependency answered, with an error that is not about its availability: a bug of ours. */
        ANSWERED_ERROR,
        /** Says nothing either way (a wrapper, or an error of our own). */
        UNKNOWN
    }

    /**
     * Whether {@code error} means a dependency is unavailable, so the client should retry later (503). Any link of
     * the cause chain may say so, unless one says the dependency answered with an error of another kind.
     */
    public static boolean dependencyUnavailable(Throwable error) {
        boolean outage = false;
        for (Throwable current = error; current != null; current = current.getCause()) {
            Verdict verdict = verdict(current);
            if (verdict == Verdict.ANSWERED_ERROR) {
                return false;
            }
            outage |= verdict == Verdict.OUTAGE;
            if (current.getCause() == current) {
                break;
            }
        }
        return outage;
    }

    private static Verdict verdict(Throwable error) {
        if (isA(error, R2DBC_EXCEPTION)) {
            String sqlState = R2dbcStates.sqlState(error);
            if (sqlState != null && !sqlState.isBlank()) {
                return outageSqlState(sqlState) ? Verdict.OUTAGE : Verdict.ANSWERED_ERROR;
            }
        }
        String type = error.getClass().getName();
        if (type.equals(LETTUCE_EXCEPTION)) {
            String message = String.valueOf(error.getMessage());
            return LETTUCE_CONNECTION_STATES.stream().anyMatch(message::startsWith) ? Verdict.OUTAGE : Verdict.UNKNOWN;
        }
        if (isA(error, LETTUCE_BUSY)) {
            // "BUSY Redis is busy running a script" is an outage; "BUSYGROUP" (the group exists) is an answer.
            return String.valueOf(error.getMessage()).startsWith("BUSY ") ? Verdict.OUTAGE : Verdict.ANSWERED_ERROR;
        }
        for (Class<?> t = error.getClass(); t != null; t = t.getSuperclass()) {
            if (DEPENDENCY_FAILURES.contains(t.getName())) {
                return Verdict.OUTAGE;
            }
        }
        return isA(error, LETTUCE_ERROR_REPLY) ? Verdict.ANSWERED_ERROR : Verdict.UNKNOWN;
    }

    /**
     * PostgreSQL's own SQLSTATEs for "not available now": class 08 (connection exception), 53 (insufficient
     * resources: too many connections, out of memory or disk), 58 (system error: I/O), the server shutting down or
     * starting (57P01–57P03), the session killed for idling (57P05) and a statement cancelled by its timeout (57014).
     * Everything else it answers (syntax, constraints, raised exceptions, XX000) is a bug of ours: 500.
     */
    private static boolean outageSqlState(String sqlState) {
        return sqlState.startsWith("08") || sqlState.startsWith("53") || sqlState.startsWith("58")
                || Set.of("57P01", "57P02", "57P03", "57P05", "57014").contains(sqlState);
    }

    private static boolean isA(Throwable error, String typeName) {
        for (Class<?> t = error.getClass(); t != null; t = t.getSuperclass()) {
            if (t.getName().equals(typeName)) {
                return true;
            }
        }
        return false;
    }

    /** Loaded only when an R2DBC exception is at hand, so processes without R2DBC never need its classes. */
    private static final class R2dbcStates {

        static String sqlState(Throwable error) {
            return ((io.r2dbc.spi.R2dbcException) error).getSqlState();
        }
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
