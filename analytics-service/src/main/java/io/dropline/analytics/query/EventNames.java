package io.dropline.analytics.query;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query's event names (reference §9.1's enum, §9.2's legacy names) and the bus event types they count. The
 * store is generic (every type is kept under its dotted name), so a query may also name a bus type directly
 * ({@code "timed_release.consumer.entered"}); the aliases are the documented vocabulary. Storefront and messaging
 * events (pageView, messageSent, …) are not collected by Dropline and are answered "not supported".
 */
final class EventNames {

    private static final Map<String, String> CURRENT = Map.ofEntries(
            Map.entry("queue_entered", "queue.consumer.entered"),
            Map.entry("queue_granted", "queue.consumer.admitted"),
            Map.entry("queue_denied", "queue.consumer.denied"),
            Map.entry("queue_left", "queue.consumer.left"),
            Map.entry("queue_completed", "queue.consumer.completed"),
            Map.entry("draw_entered", "draw.consumer.entered"),
            Map.entry("draw_won", "draw.consumer.won"),
            Map.entry("draw_completed", "draw.completed"),
            Map.entry("draw_denied", "draw.consumer.denied"),
            Map.entry("draw_ended", "draw.ended"),
            Map.entry("auction_entered", "auction.consumer.entered"),
            Map.entry("bid_placed", "auction.bid.placed"),
            Map.entry("outbid", "auction.bid.outbid"),
            Map.entry("bid_won", "auction.consumer.won"),
            Map.entry("bid_lost", "auction.consumer.lost"),
            Map.entry("auction_ended", "auction.settled"),
            Map.entry("price_dropped", "auction.price.dropped"),
            Map.entry("waitlist_entered", "waitlist.consumer.entered"),
            Map.entry("waitlist_left", "waitlist.consumer.left"),
            Map.entry("waitlist_expired", "waitlist.consumer.expired"),
            Map.entry("waitlist_reordered", "waitlist.reordered"),
            Map.entry("timed_release_entered", "timed_release.consumer.entered"),
            Map.entry("timed_release_completed", "timed_release.consumer.completed"),
            Map.entry("timed_release_left", "timed_release.consumer.left"),
            Map.entry("timed_release_denied", "timed_release.consumer.denied"),
            Map.entry("appointment_booked", "appointment.booked"),
            Map.entry("appointment_confirmed", "appointment.confirmed"),
            Map.entry("appointment_reminder", "appointment.reminder"),
            Map.entry("appointment_checked_in", "appointment.checked_in"),
            Map.entry("appointment_completed", "appointment.completed"),
            Map.entry("appointment_cancelled", "appointment.cancelled"),
            Map.entry("appointment_rescheduled", "appointment.rescheduled"),
            Map.entry("appointment_no_show", "appointment.no_show"),
            Map.entry("order_created", "order.created"),
            Map.entry("order_completed", "order.completed"),
            Map.entry("order_cancelled", "order.cancelled"),
            Map.entry("order_refunded", "order.refunded"));

    private static final Map<String, String> LEGACY = Map.of(
            "queue_entry", "queue.consumer.entered",
            "queue_admit", "queue.consumer.admitted",
            "queue_exit", "queue.consumer.left",
            "draw_entry", "draw.consumer.entered",
            "draw_win", "draw.consumer.won",
            "auction_bid", "auction.bid.placed",
            "auction_win", "auction.consumer.won",
            "order_created", "order.created",
            "order_completed", "order.completed");

    /** §9.2's table: the fields each legacy event may aggregate, and the data field each one is stored under. */
    private static final Map<String, Map<String, String>> LEGACY_FIELDS = Map.of(
            "auction_bid", Map.of("bidAmount", "bidAmount"),
            "auction_win", Map.of("winningBid", "winningBidAmount"),
            "order_created", Map.of("orderValue", "amount", "itemCount", "itemCount"),
            "order_completed", Map.of("orderValue", "amount", "itemCount", "itemCount"));

    /** Friendly field names of the current format mapped to the data field they are stored under. */
    private static final Map<String, String> FIELD_ALIASES = Map.of("orderValue", "amount", "winningBid", "winningBidAmount");

    private static final String BUS_TYPE = "[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){1,4}";
    private static final Set<String> NOT_STORED = Set.of("admin.activity", "spotlight.sdk_event");

    private EventNames() {
    }

    /** Every bus type the documented names count (the types a resource's metrics report). */
    static java.util.Set<String> catalogue() {
        java.util.Set<String> types = new java.util.TreeSet<>(CURRENT.values());
        types.addAll(LEGACY.values());
        types.addAll(List.of("draw.consumer.lost", "distribution.opened", "distribution.closed", "order.created"));
        return types;
    }

    /** The bus type a current-format event name counts. */
    static Optional<String> current(String name) {
        if (CURRENT.containsKey(name)) {
            return Optional.of(CURRENT.get(name));
        }
        return busType(name);
    }

    /** The bus type a legacy event name counts (the legacy names, then the current ones, then bus types). */
    static Optional<String> legacy(String name) {
        if (LEGACY.containsKey(name)) {
            return Optional.of(LEGACY.get(name));
        }
        return current(name);
    }

    /** The stored data field a legacy measure aggregates, or empty when §9.2 does not allow it for the event. */
    static Optional<String> legacyField(String event, String field) {
        Map<String, String> allowed = LEGACY_FIELDS.get(event);
        if (allowed == null) {
            // Names outside §9.2's table (current names, bus types) aggregate any field, as the current format does.
            return LEGACY.containsKey(event) ? Optional.empty() : Optional.of(currentField(field));
        }
        return Optional.ofNullable(allowed.get(field));
    }

    static String currentField(String field) {
        return FIELD_ALIASES.getOrDefault(field, field);
    }

    private static Optional<String> busType(String name) {
        return name.matches(BUS_TYPE) && !NOT_STORED.contains(name) ? Optional.of(name) : Optional.empty();
    }
}
