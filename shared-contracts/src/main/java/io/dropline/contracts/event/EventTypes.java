package io.dropline.contracts.event;

/** The event types services publish. Additive only: a published name never changes meaning. */
public final class EventTypes {

    public static final String CONSUMER_CREATED = "consumer.created";
    public static final String CONSUMER_UPDATED = "consumer.updated";
    public static final String CONSUMER_DELETED = "consumer.deleted";

    private EventTypes() {
    }
}
