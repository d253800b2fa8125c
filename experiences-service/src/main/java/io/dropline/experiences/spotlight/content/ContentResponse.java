package io.dropline.experiences.spotlight.content;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropline.experiences.spotlight.targeting.DeliveryFields;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** The full content object of the Admin API. */
public record ContentResponse(
        @JsonProperty("content_id") String contentId,
        @JsonProperty("content_type") String contentType,
        @JsonProperty("status") String status,
        @JsonProperty("title") JsonNode title,
        @JsonProperty("body") JsonNode body,
        @JsonProperty("element_target") JsonNode elementTarget,
        @JsonProperty("cta_text") JsonNode ctaText,
        @JsonProperty("cta_url") JsonNode ctaUrl,
        @JsonProperty("trigger") JsonNode trigger,
        @JsonProperty("url_patterns") JsonNode urlPatterns,
        @JsonProperty("audience_id") JsonNode audienceId,
        @JsonProperty("audience") JsonNode audience,
        @JsonProperty("rollout") JsonNode rollout,
        @JsonProperty("schedule") JsonNode schedule,
        @JsonProperty("priority") JsonNode priority,
        @JsonProperty("dismiss_behavior") JsonNode dismissBehavior,
        @JsonProperty("frequency") JsonNode frequency,
        @JsonProperty("theme_id") JsonNode themeId,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("published_at") Instant publishedAt,
        @JsonProperty("archived_at") Instant archivedAt) {

    static ContentResponse from(ContentEntity item) {
        var d = item.definition();
        return new ContentResponse(item.id(), item.contentType(), item.status(), d.get("title"), d.get("body"), d.get("element_target"),
                d.get("cta_text"), d.get("cta_url"), d.get("trigger"), d.get("url_patterns"), d.get("audience_id"), d.get("audience"),
                d.get("rollout"), d.get("schedule"), d.get("priority"), d.get("dismiss_behavior"), DeliveryFields.frequencyOf(d),
                d.get("theme_id"), item.createdAt(), item.updatedAt(), item.publishedAt(), item.archivedAt());
    }
}
