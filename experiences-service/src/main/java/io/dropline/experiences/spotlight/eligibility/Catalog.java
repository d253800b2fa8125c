package io.dropline.experiences.spotlight.eligibility;

import io.dropline.experiences.spotlight.content.ContentService.PublishedContent;
import io.dropline.experiences.spotlight.targeting.AudienceRules;
import io.dropline.experiences.spotlight.targeting.DeliveryFields;
import io.dropline.experiences.spotlight.targeting.UrlPatterns;
import io.dropline.experiences.spotlight.theme.ThemeCatalog;
import io.dropline.experiences.spotlight.tour.TourService.PublishedTour;
import io.dropline.experiences.spotlight.userstate.FrequencyCap;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tenant's compiled published set: tours and content, each list already in serving order (priority desc, then
 * published_at desc, then id), so filtering keeps the order.
 */
record Catalog(List<CompiledItem> tours, List<CompiledItem> content) {

    static final Comparator<CompiledItem> SERVING_ORDER = Comparator.comparingInt(CompiledItem::priority).reversed()
            .thenComparing(CompiledItem::publishedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(CompiledItem::id);

    static Catalog of(List<PublishedTour> tours, List<PublishedContent> content, ThemeCatalog themes) {
        return new Catalog(
                tours.stream().map(tour -> tour(tour, themes)).sorted(SERVING_ORDER).toList(),
                content.stream().map(item -> content(item, themes)).sorted(SERVING_ORDER).toList());
    }

    private static CompiledItem tour(PublishedTour tour, ThemeCatalog themes) {
        JsonNode d = tour.definition();
        ObjectNode payload = JsonMapper.shared().createObjectNode()
                .put("tour_id", tour.tourId())
                .put("version", tour.version())
                .put("title", d.path("title").stringValue(""));
        payload.set("steps", d.get("steps"));
        return compiled(tour.tourId(), tour.publishedAt(), d, payload, themes);
    }

    private static CompiledItem content(PublishedContent item, ThemeCatalog themes) {
        JsonNode d = item.definition();
        ObjectNode payload = JsonMapper.shared().createObjectNode()
                .put("content_id", item.contentId())
                .put("content_type", item.contentType());
        for (String field : List.of("title", "body", "element_target", "cta_text", "cta_url")) {
            payload.set(field, d.get(field));
        }
        return compiled(item.contentId(), item.publishedAt(), d, payload, themes);
    }

    /** Adds the delivery fields the SDK needs; the targeting ones stay in the compiled item only. */
    private static CompiledItem compiled(String id, Instant publishedAt, JsonNode d, ObjectNode payload, ThemeCatalog themes) {
        payload.set("trigger", d.get("trigger"));
        payload.set("priority", d.get("priority"));
        payload.set("dismiss_behavior", d.get("dismiss_behavior"));
        ThemeCatalog.Resolved theme = themes.resolve(d.path("theme_id").isString() ? d.get("theme_id").stringValue() : null);
        payload.set("theme", JsonMapper.shared().valueToTree(theme.light()));
        payload.set("theme_dark", theme.dark() == null ? JsonMapper.shared().nullNode() : JsonMapper.shared().valueToTree(theme.dark()));
        JsonNode rollout = d.path("rollout");
        return new CompiledItem(id, d.path("priority").intValue(50), publishedAt, d.path("schedule"), UrlPatterns.compile(d.path("url_patterns")),
                AudienceRules.compile(d.get("audience")), d.path("audience_id").isString() ? d.get("audience_id").stringValue() : null,
                rollout.path("enabled").booleanValue(true), rollout.path("percentage").doubleValue(100), d.path("dismiss_behavior").stringValue("once"),
                frequency(DeliveryFields.frequencyOf(d), d.path("trigger").path("trigger_type").stringValue("page_load")), payload);
    }

    /**
     * The caps stay on the server (reference §11.2: checked against the user's state), like the targeting rules. A
     * {@code manual} item is started by the user (a button, a checklist, a permalink), so it is never capped.
     */
    private static FrequencyCap frequency(JsonNode frequency, String triggerType) {
        if ("manual".equals(triggerType)) {
            return FrequencyCap.NONE;
        }
        JsonNode max = frequency.path("max_impressions");
        JsonNode interval = frequency.path("min_interval_seconds");
        return new FrequencyCap(max.isIntegralNumber() ? max.intValue() : null, interval.isIntegralNumber() ? interval.intValue() : null);
    }

    static final Catalog EMPTY = new Catalog(List.of(), List.of());

}
