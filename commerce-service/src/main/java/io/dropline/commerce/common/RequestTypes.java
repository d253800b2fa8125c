package io.dropline.commerce.common;

import jakarta.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the JSON readers and validation metadata of request records once, at start-up, on the starting thread.
 * Jackson builds a type's deserializer under a lock on first use; in a burst (a flash sale's first second) many event
 * loops would otherwise queue on that lock, which is a blocking wait on an event loop (BlockHound flags it).
 */
public final class RequestTypes {

    private RequestTypes() {
    }

    public static void warm(JsonMapper mapper, Validator validator, Class<?>... types) {
        for (Class<?> type : types) {
            mapper.readerFor(type);
            validator.getConstraintsForClass(type);
        }
    }
}
