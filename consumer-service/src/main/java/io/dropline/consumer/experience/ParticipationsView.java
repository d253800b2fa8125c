package io.dropline.consumer.experience;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The part of experiences-service's {@code GET /internal/participations/{consumerId}} answer that
 * {@code /consumers/me} uses: per queue id and per draw id (newest entry first), where the distribution sits and its
 * state as sent; the live timed releases, waitlist sign-ups, auctions and upcoming appointment bookings by id, as sent.
 */
public record ParticipationsView(Map<String, QueueParticipation> queues, Map<String, QueueParticipation> draws,
        Map<String, JsonNode> timedReleases, Map<String, JsonNode> waitlists, Map<String, JsonNode> auctions,
        Map<String, JsonNode> appointments) {

    public ParticipationsView(Map<String, QueueParticipation> queues) {
        this(queues, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /**
     * One distribution the consumer takes part in (a queue they wait in or hold a grant of, a draw they entered or
     * won); {@code state} is the distribution's consumer state object as its status route answers it.
     */
    public record QueueParticipation(String queueId, String experienceId, String sequenceId, JsonNode state) {

        static QueueParticipation of(Map.Entry<String, JsonNode> entry) {
            return new QueueParticipation(entry.getKey(), entry.getValue().path("experienceId").stringValue(null),
                    entry.getValue().path("sequenceId").stringValue(null), entry.getValue());
        }
    }

    /** A tolerant reader: fields experiences-service adds later are carried along, not rejected. */
    static ParticipationsView from(JsonNode body) {
        return new ParticipationsView(byId(body.path("queues")), byId(body.path("draws")),
                states(body.path("timedReleases")), states(body.path("waitlists")), states(body.path("auctions")),
                states(body.path("appointments")));
    }

    private static Map<String, QueueParticipation> byId(JsonNode participations) {
        return participations.properties().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, QueueParticipation::of, (first, second) -> first, LinkedHashMap::new));
    }

    /** Timed releases and waitlists (issue 10), auctions and appointments (issue 11), passed on by id as sent. */
    private static Map<String, JsonNode> states(JsonNode byId) {
        return byId.properties().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (first, second) -> first, LinkedHashMap::new));
    }
}
