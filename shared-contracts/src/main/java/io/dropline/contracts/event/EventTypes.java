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

    /**
     * A distribution of any type (queue, draw, …) opened: {@code distributionId, distributionType, sequenceId,
     * experienceId, openedAt} (reference/fanfare-api.md §10.3). Written once per opening by the distribution core's
     * timers, at the time it opened (its {@code openAt}, or its creation when it has none).
     */
    public static final String DISTRIBUTION_OPENED = "distribution.opened";

    /**
     * A distribution closed (its {@code closeAt}, or an admin's stop): {@code distributionId, distributionType,
     * sequenceId, experienceId, closedAt, totalParticipants}.
     */
    public static final String DISTRIBUTION_CLOSED = "distribution.closed";

    /**
     * Orders (commerce-service, reference/fanfare-api.md §10.3): {@code order.created} {@code orderId, consumerId,
     * experienceId, sequenceId, createdAt, amount, currencyCode, items[{productId, variantId, quantity}]};
     * {@code order.completed} {@code orderId, consumerId, completedAt, amount, currencyCode}; {@code order.cancelled}
     * {@code orderId, consumerId, cancelledAt, reason}; {@code order.refunded} (additive) {@code orderId, consumerId,
     * refundedAt, amount, currencyCode}. Amounts are decimal strings. consumer-service keeps its order aggregates from them.
     */
    public static final String ORDER_CREATED = "order.created";
    public static final String ORDER_COMPLETED = "order.completed";
    public static final String ORDER_CANCELLED = "order.cancelled";
    public static final String ORDER_REFUNDED = "order.refunded";

    private EventTypes() {
    }
}
