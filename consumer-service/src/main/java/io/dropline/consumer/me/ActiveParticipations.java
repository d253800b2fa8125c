package io.dropline.consumer.me;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.consumer.experience.ParticipationsView;
import io.dropline.consumer.experience.ParticipationsView.QueueParticipation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * {@code active} of {@code /consumers/me}: the same states twice, by distribution id ({@code queues}, {@code draws})
 * and by where they sit ({@code experiences.<exp>.sequences.<seq>.queue|draw}); the consumer's live timed releases
 * ({@code timedReleases}), waitlist sign-ups ({@code waitlists}), auctions still in play ({@code auctions}: bidding,
 * or won and not checked out) and upcoming appointment bookings ({@code appointments}) by id, as experiences-service
 * sends them.
 */
record ActiveParticipations(Map<String, JsonNode> queues, Map<String, JsonNode> draws, Map<String, JsonNode> timedReleases,
        Map<String, JsonNode> waitlists, Map<String, JsonNode> auctions, Map<String, JsonNode> appointments,
        Map<String, ExperienceParticipations> experiences) {

    record ExperienceParticipations(Map<String, SequenceParticipations> sequences) {
    }

    /** One state per distribution type; {@code queue} is the newest queue entry of the sequence, {@code draw} its newest draw entry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SequenceParticipations(JsonNode queue, JsonNode draw) {
    }

    static ActiveParticipations from(ParticipationsView view) {
        Map<String, ExperienceParticipations> experiences = new LinkedHashMap<>();
        view.queues().values().forEach(queue -> place(experiences, queue, true));
        view.draws().values().forEach(draw -> place(experiences, draw, false));
        return new ActiveParticipations(byId(view.queues()), byId(view.draws()), view.timedReleases(), view.waitlists(), view.auctions(),
                view.appointments(), experiences);
    }

    private static Map<String, JsonNode> byId(Map<String, QueueParticipation> participations) {
        return participations.values().stream()
                .collect(Collectors.toMap(QueueParticipation::queueId, QueueParticipation::state, (first, second) -> first, LinkedHashMap::new));
    }

    /** The first (newest) state of each type per sequence is kept. */
    private static void place(Map<String, ExperienceParticipations> experiences, QueueParticipation participation, boolean queue) {
        if (participation.experienceId() == null || participation.sequenceId() == null) {
            return;
        }
        Map<String, SequenceParticipations> sequences = experiences
                .computeIfAbsent(participation.experienceId(), id -> new ExperienceParticipations(new LinkedHashMap<>())).sequences();
        SequenceParticipations current = sequences.getOrDefault(participation.sequenceId(), new SequenceParticipations(null, null));
        sequences.put(participation.sequenceId(), queue
                ? new SequenceParticipations(current.queue() != null ? current.queue() : participation.state(), current.draw())
                : new SequenceParticipations(current.queue(), current.draw() != null ? current.draw() : participation.state()));
    }
}
