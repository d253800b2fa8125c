package io.dropline.consumer.experience;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The part of experiences-service's {@code GET /internal/participations/{consumerId}} answer that
 * {@code /consumers/me} uses: per queue id (newest entry first), where the queue sits and its state as sent.
 */
public record ParticipationsView(Map<String, QueueParticipation> queues, Map<String, JsonNode> timedReleases,
        Map<String, JsonNode> waitlists) {

    public ParticipationsView(Map<String, QueueParticipation> queues) {
        this(queues, Map.of(), Map.of());
    }

    /** One queue the consumer waits in or holds a grant of; {@code state} is the engine's queue state object. */
    public record QueueParticipation(String queueId, String experienceId, String sequenceId, JsonNode state) {

        static QueueParticipation of(Map.Entry<String, JsonNode> queue) {
            return new QueueParticipation(queue.getKey(), queue.getValue().path("experienceId").stringValue(null),
                    queue.getValue().path("sequenceId").stringValue(null), queue.getValue());
        }
    }

    /** A tolerant reader: fields experiences-service adds later are carried along, not rejected. */
    static ParticipationsView from(JsonNode body) {
        return new ParticipationsView(body.path("queues").properties().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, QueueParticipation::of, (first, second) -> first, LinkedHashMap::new)),
                states(body.path("timedReleases")), states(body.path("waitlists")));
    }

    /** Timed releases and waitlists (experiences-service, issue 10), passed on by id as sent. */
    private static Map<String, JsonNode> states(JsonNode byId) {
        return byId.properties().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (first, second) -> first, LinkedHashMap::new));
    }
}
