package io.dropline.commerce.catalog;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;

/** Request bodies of the media routes (reference §5.11). */
final class MediaRequests {

    private MediaRequests() {
    }

    public static final class Type implements FieldRules.TextRule {
        @Override
        public String problem(String text) {
            return Set.of("IMAGE", "VIDEO").contains(text) ? null : "Must be one of IMAGE, VIDEO";
        }
    }

    public static final class Purpose implements FieldRules.TextRule {
        @Override
        public String problem(String text) {
            return Set.of("PRODUCT", "VARIANT", "THUMBNAIL", "GALLERY").contains(text) ? null
                    : "Must be one of PRODUCT, VARIANT, THUMBNAIL, GALLERY";
        }
    }

    record Asset(
            @Required @NotNullValue @NotBlankValue @Text(max = 2048, rule = ProductFields.HttpsUrl.class) Tristate<String> url,
            @Required @NotNullValue @Text(max = 5, rule = Type.class) Tristate<String> type,
            @Text(max = 500) Tristate<String> altText,
            @IntRange(min = 1, max = 100_000, orNull = true) Tristate<Integer> width,
            @IntRange(min = 1, max = 100_000, orNull = true) Tristate<Integer> height) {
    }

    /** {@code POST /products/{id}/media-assets}. */
    record Create(
            @Required @NotNullValue @WellTyped(message = "Must be an object") Tristate<@Valid Asset> mediaAsset,
            @NotNullValue @IntRange(min = 0, max = 10_000) Tristate<Integer> position,
            @Required @NotNullValue @Text(max = 10, rule = Purpose.class) Tristate<String> purpose) {
    }

    /** {@code PUT /products/{id}/media-assets/{assetId}}. */
    record Update(
            @NotNullValue @IntRange(min = 0, max = 10_000) Tristate<Integer> position,
            @NotNullValue @Text(max = 10, rule = Purpose.class) Tristate<String> purpose) {
    }

    /** {@code PUT /products/{id}/media-assets/reorder}. */
    record Reorder(
            @Required @NotNullValue @WellTyped(message = "Must be an array of media asset ids")
            Tristate<@Size(max = 500, message = "At most 500 assets") List<String>> assetOrder) {
    }
}
