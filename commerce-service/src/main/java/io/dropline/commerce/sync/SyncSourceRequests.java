package io.dropline.commerce.sync;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotAllowed;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** Request bodies of {@code /sync-sources}. */
final class SyncSourceRequests {

    private SyncSourceRequests() {
    }

    public static final class Status implements FieldRules.TextRule {
        @Override
        public String problem(String text) {
            return Set.of("PENDING", "SUCCESS", "FAILED").contains(text) ? null : "Must be one of PENDING, SUCCESS, FAILED";
        }
    }

    /** The feed URL's shape only; where it points is judged by the SSRF guard at every fetch. */
    public static final class FeedUrl implements FieldRules.TextRule {
        @Override
        public String problem(String text) {
            try {
                java.net.URI uri = new java.net.URI(text);
                return uri.getScheme() != null && uri.getHost() != null && Set.of("https", "http").contains(uri.getScheme().toLowerCase())
                        ? null : "Must be an https URL";
            } catch (java.net.URISyntaxException bad) {
                return "Must be an https URL";
            }
        }
    }

    record Create(
            @Required @NotNullValue @NotBlankValue @Text(max = 100) Tristate<String> syncSource,
            @Required @NotNullValue @NotBlankValue @Text(max = 500) Tristate<String> syncSourceId,
            @NotNullValue @Text(max = 10, rule = Status.class) Tristate<String> syncStatus,
            @WellTyped(message = "Must be an object or null") @JsonText(maxChars = 16_384) Tristate<ObjectNode> sourceData,
            @Text(max = 2048, rule = FeedUrl.class) Tristate<String> feedUrl,
            @IntRange(min = 60, max = 604_800, orNull = true) Tristate<Integer> syncIntervalSeconds) {
    }

    record Update(
            @NotAllowed(message = "Cannot be changed after creation") Tristate<String> syncSource,
            @NotAllowed(message = "Cannot be changed after creation") Tristate<String> syncSourceId,
            @NotNullValue @Text(max = 10, rule = Status.class) Tristate<String> syncStatus,
            @WellTyped(message = "Must be an object or null") @JsonText(maxChars = 16_384) Tristate<ObjectNode> sourceData,
            @Text(max = 2048, rule = FeedUrl.class) Tristate<String> feedUrl,
            @IntRange(min = 60, max = 604_800, orNull = true) Tristate<Integer> syncIntervalSeconds) {
    }
}
