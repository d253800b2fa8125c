package io.dropline.contracts.event;

/** The event types services publish. Additive only: a published name never changes meaning. */
public final class EventTypes {

    public static final String CONSUMER_CREATED = "consumer.created";
    public static final String CONSUMER_UPDATED = "consumer.updated";
    public static final String CONSUMER_DELETED = "consumer.deleted";

    /**
     * An admin write (Spotlight Admin API, tenancy): who did what to which entity, with before/after snapshots.
     * Its {@code data} is {@link AdminActivity#data}; analytics-service turns each into one activity entry.
     */
    public static final String ADMIN_ACTIVITY = "admin.activity";

    /**
     * One accepted Spotlight SDK event (impression, step view, completion, dismissal, selector found/not found),
     * published by analytics-service after deduplication; experiences-service folds it into end-user state.
     */
    public static final String SDK_EVENT = "spotlight.sdk_event";

    private EventTypes() {
    }
}
