package io.dropline.contracts.event;

import java.util.List;

/**
 * The event types services publish. Additive only: a published name never changes meaning.
 *
 * <p>The one place a domain event's type is spelled: emitters use these constants, and {@link #CATALOGUE} (the types
 * a webhook endpoint can subscribe to, {@code GET /webhooks/events}) is built from them. analytics-service's
 * {@code EventCatalogueDriftTest} fails when a main source anywhere spells an event type as a literal, or when a
 * catalogued type is emitted nowhere, so the catalogue and what is emitted cannot drift apart.
 */
public final class EventTypes {

    // Queues (experiences-service, reference §10.3).
    public static final String QUEUE_ENTERED = "queue.consumer.entered";
    public static final String QUEUE_ADMITTED = "queue.consumer.admitted";
    public static final String QUEUE_COMPLETED = "queue.consumer.completed";
    public static final String QUEUE_LEFT = "queue.consumer.left";
    public static final String QUEUE_DENIED = "queue.consumer.denied";

    // Draws (experiences-service).
    public static final String DRAW_ENTERED = "draw.consumer.entered";
    public static final String DRAW_WON = "draw.consumer.won";
    public static final String DRAW_LOST = "draw.consumer.lost";
    public static final String DRAW_LEFT = "draw.consumer.left";
    public static final String DRAW_DENIED = "draw.consumer.denied";
    public static final String DRAW_CONSUMER_COMPLETED = "draw.consumer.completed";
    public static final String DRAW_COMPLETED = "draw.completed";

    // Timed releases (experiences-service; not catalogued by the reference, §14 item 46: named like the others).
    public static final String TIMED_RELEASE_ENTERED = "timed_release.consumer.entered";
    public static final String TIMED_RELEASE_ADMITTED = "timed_release.consumer.admitted";
    public static final String TIMED_RELEASE_COMPLETED = "timed_release.consumer.completed";
    public static final String TIMED_RELEASE_LEFT = "timed_release.consumer.left";
    public static final String TIMED_RELEASE_DENIED = "timed_release.consumer.denied";

    // Waitlists (experiences-service; likewise not catalogued by the reference).
    public static final String WAITLIST_ENTERED = "waitlist.consumer.entered";
    public static final String WAITLIST_NOTIFIED = "waitlist.consumer.notified";
    public static final String WAITLIST_LEFT = "waitlist.consumer.left";
    public static final String WAITLIST_DENIED = "waitlist.consumer.denied";

    // Auctions (experiences-service, reference §10.3 names auction.bid.placed, auction.bid.outbid, auction.settled).
    public static final String AUCTION_ENTERED = "auction.consumer.entered";
    public static final String AUCTION_BID_PLACED = "auction.bid.placed";
    public static final String AUCTION_OUTBID = "auction.bid.outbid";
    public static final String AUCTION_EXTENDED = "auction.extended";
    public static final String AUCTION_WON = "auction.consumer.won";
    public static final String AUCTION_LOST = "auction.consumer.lost";
    public static final String AUCTION_SETTLED = "auction.settled";
    public static final String AUCTION_COMPLETED = "auction.consumer.completed";

    // Appointments (experiences-service, reference §10.3; the reminders 24 h and 1 h before the slot, once per booking).
    public static final String APPOINTMENT_BOOKED = "appointment.booked";
    public static final String APPOINTMENT_CONFIRMED = "appointment.confirmed";
    public static final String APPOINTMENT_RESCHEDULED = "appointment.rescheduled";
    public static final String APPOINTMENT_CANCELLED = "appointment.cancelled";
    public static final String APPOINTMENT_REMINDER = "appointment.reminder";

    /**
     * A webhook delivery gave up after its last attempt (analytics-service, §10.2): {@code endpointId, endpointUrl,
     * eventId, eventType, retryCount, lastError, willRetry}.
     */
    public static final String WEBHOOK_DELIVERY_FAILED = "webhook.delivery.failed";

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

    /** A type a webhook endpoint can subscribe to, with what it means. */
    public record Catalogued(String type, String description) {
    }

    /**
     * Every domain event type some service emits today, in the reference's order (§10.3), which is what a webhook
     * endpoint can subscribe to. Not here: {@link #ADMIN_ACTIVITY} and {@link #SDK_EVENT} (logs of their own, never
     * delivered), and the declared but not yet emitted {@code consumer.*} types. A type is added here in the change
     * that starts emitting it.
     */
    public static final List<Catalogued> CATALOGUE = List.of(
            new Catalogued(QUEUE_ENTERED, "A consumer entered a queue"),
            new Catalogued(QUEUE_ADMITTED, "A consumer was admitted from a queue (carries the admission grant)"),
            new Catalogued(QUEUE_COMPLETED, "A queue admission was completed (the purchase was made)"),
            new Catalogued(QUEUE_LEFT, "A consumer left a queue"),
            new Catalogued(QUEUE_DENIED, "A consumer was denied by a queue (e.g. the admission expired)"),
            new Catalogued(DRAW_ENTERED, "A consumer entered a draw"),
            new Catalogued(DRAW_WON, "A consumer won a draw (carries the admission grant)"),
            new Catalogued(DRAW_LOST, "A consumer did not win a draw"),
            new Catalogued(DRAW_LEFT, "A consumer withdrew from a draw before it was drawn"),
            new Catalogued(DRAW_DENIED, "A draw entry was denied (e.g. the win expired unused)"),
            new Catalogued(DRAW_CONSUMER_COMPLETED, "A draw win was completed (the purchase was made)"),
            new Catalogued(DRAW_COMPLETED, "A draw was drawn: entrants and winners"),
            new Catalogued(TIMED_RELEASE_ENTERED, "A consumer entered a timed release"),
            new Catalogued(TIMED_RELEASE_ADMITTED, "A consumer was admitted by a timed release (carries the admission grant)"),
            new Catalogued(TIMED_RELEASE_COMPLETED, "A timed-release admission was completed"),
            new Catalogued(TIMED_RELEASE_LEFT, "A consumer left a timed release"),
            new Catalogued(TIMED_RELEASE_DENIED, "A consumer was denied by a timed release"),
            new Catalogued(WAITLIST_ENTERED, "A consumer joined a waitlist"),
            new Catalogued(WAITLIST_NOTIFIED, "A waitlisted consumer was notified in a wave"),
            new Catalogued(WAITLIST_LEFT, "A consumer left a waitlist"),
            new Catalogued(WAITLIST_DENIED, "A waitlisted consumer was denied"),
            new Catalogued(AUCTION_ENTERED, "A consumer entered an auction"),
            new Catalogued(AUCTION_BID_PLACED, "A bid was accepted (proxy bids included)"),
            new Catalogued(AUCTION_OUTBID, "A bidder was outbid"),
            new Catalogued(AUCTION_EXTENDED, "A late bid extended an English auction's close (anti-sniping)"),
            new Catalogued(AUCTION_WON, "A consumer won an auction or bought a Dutch unit (carries the admission grant)"),
            new Catalogued(AUCTION_LOST, "A bidder did not win an auction"),
            new Catalogued(AUCTION_SETTLED, "An auction was settled: total bids, unique bidders, winning amount"),
            new Catalogued(AUCTION_COMPLETED, "An auction win was completed (the purchase was made)"),
            new Catalogued(APPOINTMENT_BOOKED, "A consumer booked an appointment slot"),
            new Catalogued(APPOINTMENT_CONFIRMED, "A booking was confirmed"),
            new Catalogued(APPOINTMENT_RESCHEDULED, "A booking moved to another slot"),
            new Catalogued(APPOINTMENT_CANCELLED, "A booking was cancelled (by the consumer or the merchant)"),
            new Catalogued(APPOINTMENT_REMINDER, "A booked slot starts in 24 hours or in 1 hour"),
            new Catalogued(ORDER_CREATED, "An order was created (a checkout, or pushed by a merchant system)"),
            new Catalogued(ORDER_COMPLETED, "An order was completed"),
            new Catalogued(ORDER_CANCELLED, "An order was cancelled (with its reason, e.g. expired)"),
            new Catalogued(ORDER_REFUNDED, "An order was refunded"),
            new Catalogued(DISTRIBUTION_OPENED, "A distribution (queue, draw, timed release, waitlist, auction, appointment) opened"),
            new Catalogued(DISTRIBUTION_CLOSED, "A distribution closed"),
            new Catalogued(WEBHOOK_DELIVERY_FAILED, "A webhook delivery failed for good after its last attempt"));

    private EventTypes() {
    }
}
