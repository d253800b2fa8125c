package io.dropline.analytics.webhook;

import io.dropline.contracts.event.EventTypes;
import java.util.List;

/**
 * {@code GET /api/v1/webhooks/events}: the event types an endpoint can subscribe to, from the one catalogue the
 * emitting services' constants are declared beside ({@link EventTypes#CATALOGUE}), plus the wildcard.
 *
 * @param data     one entry per type, in the reference's order (§10.3)
 * @param wildcard subscribing to it ({@code ["*"]}) delivers every type, including ones added later
 */
record EventCatalogueResponse(List<EventType> data, String wildcard) {

    record EventType(String type, String description) {
    }

    static final EventCatalogueResponse CURRENT = new EventCatalogueResponse(
            EventTypes.CATALOGUE.stream().map(entry -> new EventType(entry.type(), entry.description())).toList(), WebhookRules.ALL);
}
