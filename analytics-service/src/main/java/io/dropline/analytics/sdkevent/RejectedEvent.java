package io.dropline.analytics.sdkevent;

/** Why one event of a batch was not accepted; {@code index} is its position in the request's {@code events}. */
record RejectedEvent(int index, String code, String message) {

    static final String INVALID_EVENT = "invalid_event";
    static final String MISSING_FIELD = "missing_field";
    static final String INVALID_FIELD = "invalid_field";
    static final String UNKNOWN_TYPE = "unknown_type";
    static final String TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range";
}
