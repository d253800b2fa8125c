package io.dropline.experiences.spotlight.eligibility;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the SDK gets: the published snapshots this user should see now, in serving order, without any targeting rule.
 */
record EligibleResponse(
        @JsonProperty("tours") List<JsonNode> tours,
        @JsonProperty("content") List<JsonNode> content,
        @JsonProperty("kill_switch") KillSwitch killSwitch,
        @JsonProperty("evaluated_at") Instant evaluatedAt,
        @JsonProperty("ttl_seconds") int ttlSeconds) {

    record KillSwitch(@JsonProperty("active") boolean active, @JsonProperty("scopes") List<String> scopes) {
    }
}
