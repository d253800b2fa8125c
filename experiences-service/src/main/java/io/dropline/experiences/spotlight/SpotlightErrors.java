package io.dropline.experiences.spotlight;

import io.dropline.contracts.error.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The seed's error cases for the Spotlight APIs. The shared error handler renders them as
 * {@code {"error":{"code","message","request_id"}}}, taking the code from the status: a body that is not the
 * documented shape (unknown field, wrong JSON type, missing required field) is 400 VALIDATION_ERROR; well-formed
 * data that breaks a rule (unknown trigger type, unsafe regex, bad theme value, end before start) is 422.
 */
public final class SpotlightErrors {

    private SpotlightErrors() {
    }

    public static ApiException badRequest(String field, String message) {
        return ApiException.validation(field, message);
    }

    public static ApiException unprocessable(String field, String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, field + ": " + message, "UNPROCESSABLE_ENTITY");
    }

    public static ApiException notFound(String resource) {
        return ApiException.notFound(resource);
    }

    public static ApiException conflict(String message) {
        return ApiException.conflict(message, "CONFLICT");
    }
}
