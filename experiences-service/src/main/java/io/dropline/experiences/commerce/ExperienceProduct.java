package io.dropline.experiences.commerce;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A product an experience sells, as commerce-service's internal read gives it and the consumer view shows it. Money is
 * passed through as the decimal string commerce-service wrote (never a binary float). Read tolerantly: fields
 * commerce-service adds later are ignored rather than breaking the experience view.
 *
 * @param sequenceId the sequence (access path) the product is sold through; null for the whole experience
 * @param available  whether one of its variants can still be bought
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperienceProduct(String id, String name, String description, String url, String handle, String price,
        String currencyCode, String sequenceId, boolean available, List<Variant> variants, List<Media> media) {

    /** {@code inventoryAvailable} is null for an untracked (unlimited) variant. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Variant(String id, String name, String sku, String price, String compareAtPrice, String currencyCode,
            JsonNode optionValues, boolean available, Integer inventoryAvailable) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Media(String url, String type, String altText, String purpose, Integer width, Integer height) {
    }
}
