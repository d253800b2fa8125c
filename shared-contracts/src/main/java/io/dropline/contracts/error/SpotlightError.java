package io.dropline.contracts.error;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The Spotlight error envelope: {@code { "error": { "code", "message", "request_id" } }}. */
public record SpotlightError(Body error) {

    public record Body(String code, String message, @JsonProperty("request_id") String requestId) {
    }

    public static SpotlightError of(String code, String message, String requestId) {
        return new SpotlightError(new Body(code, message, requestId));
    }

    /** The seed's code for an HTTP status. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400, 413 -> "VALIDATION_ERROR";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 409 -> "CONFLICT";
            case 422 -> "UNPROCESSABLE_ENTITY";
            case 429 -> "RATE_LIMITED";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> "INTERNAL_ERROR";
        };
    }
}
