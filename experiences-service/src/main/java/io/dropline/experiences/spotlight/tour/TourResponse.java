package io.dropline.experiences.spotlight.tour;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropline.experiences.spotlight.targeting.DeliveryFields;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** The full tour object of the Admin API: the working definition plus lifecycle metadata. */
public record TourResponse(
        @JsonProperty("tour_id") String tourId,
        @JsonProperty("title") String title,
        @JsonProperty("description") String description,
        @JsonProperty("status") String status,
        @JsonProperty("version") int version,
        @JsonProperty("has_unpublished_changes") boolean hasUnpublishedChanges,
        @JsonProperty("step_count") int stepCount,
        @JsonProperty("steps") JsonNode steps,
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

    static TourResponse from(TourEntity tour) {
        var d = tour.definition();
        return new TourResponse(tour.id(), d.path("title").stringValue(""), d.path("description").stringValue(""), tour.status(),
                tour.version(), tour.hasUnpublishedChanges(), tour.stepCount(), d.get("steps"), d.get("trigger"), d.get("url_patterns"),
                d.get("audience_id"), d.get("audience"), d.get("rollout"), d.get("schedule"), d.get("priority"),
                d.get("dismiss_behavior"), DeliveryFields.frequencyOf(d), d.get("theme_id"), tour.createdAt(), tour.updatedAt(),
                tour.publishedAt(), tour.archivedAt());
    }

    /** A list entry (seed: tour_id, title, status, version, step_count, created_at, updated_at). */
    public record Summary(
            @JsonProperty("tour_id") String tourId,
            @JsonProperty("title") String title,
            @JsonProperty("status") String status,
            @JsonProperty("version") int version,
            @JsonProperty("step_count") int stepCount,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("updated_at") Instant updatedAt) {

        static Summary from(TourEntity tour) {
            return new Summary(tour.id(), tour.definition().path("title").stringValue(""), tour.status(), tour.version(),
                    tour.stepCount(), tour.createdAt(), tour.updatedAt());
        }
    }

    /** The answer of publish and rollback. */
    public record Published(
            @JsonProperty("tour_id") String tourId,
            @JsonProperty("status") String status,
            @JsonProperty("version") int version,
            @JsonProperty("published_at") Instant publishedAt) {
    }

    /** One entry of the version history; {@code definition} is the full snapshot. */
    public record Version(
            @JsonProperty("tour_id") String tourId,
            @JsonProperty("version") int version,
            @JsonProperty("source") String source,
            @JsonProperty("rolled_back_from") Integer rolledBackFrom,
            @JsonProperty("published_at") Instant publishedAt,
            @JsonProperty("published_by") String publishedBy,
            @JsonProperty("title") String title,
            @JsonProperty("step_count") int stepCount,
            @JsonProperty("definition") JsonNode definition) {

        static Version from(TourVersionEntity version) {
            return new Version(version.tourId(), version.version(), version.source(), version.rolledBackFrom(), version.publishedAt(),
                    version.publishedBy(), version.definition().path("title").stringValue(""), version.definition().path("steps").size(),
                    version.definition());
        }
    }
}
