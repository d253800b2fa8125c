package io.dropline.contracts.page;

import io.dropline.contracts.error.ApiException;
import java.util.List;
import org.springframework.http.HttpStatus;

/** A cursor that was modified, made for another list or sort, or is not a cursor at all: the client's fault. */
public class InvalidCursorException extends ApiException {

    public InvalidCursorException(String field) {
        super(HttpStatus.BAD_REQUEST, "Validation failed", "INVALID_CURSOR",
                List.of(new io.dropline.contracts.error.FieldError(field, "Invalid cursor")));
    }
}
