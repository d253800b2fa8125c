package io.dropline.contracts.error;

/** One bad field of a request: {@code { "field": "email", "message": "Must be a valid email" }}. */
public record FieldError(String field, String message) {
}
