package io.dropline.analytics.sdkevent;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/sdk/events}. The envelope is read strictly (an unknown field is a 400); the events stay
 * raw JSON so that each is judged on its own and one bad event does not reject its batch.
 */
record SdkEventBatchRequest(
        @JsonProperty("session_id") JsonNode sessionId,
        EndUser user,
        @JsonProperty("anonymous_id") JsonNode anonymousId,
        List<JsonNode> events) {

    /**
     * The end user as the page knows them; traits are accepted (the SDK sends one body shape) but not stored. Text
     * fields are read as JSON nodes so that a number where a string belongs is refused rather than coerced.
     */
    record EndUser(JsonNode id, JsonNode traits) {
    }
}
