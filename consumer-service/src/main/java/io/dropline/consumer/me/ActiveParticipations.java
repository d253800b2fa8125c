package io.dropline.consumer.me;

import io.dropline.consumer.experience.ParticipationsView;
import io.dropline.consumer.experience.ParticipationsView.QueueParticipation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * {@code active} of {@code /consumers/me}: the same queue states twice, by queue id ({@code queues}) and by where
 * they sit ({@code experiences.<exp>.sequences.<seq>.queue}); the consumer's live timed releases
 * ({@code timedReleases}) and waitlist sign-ups ({@code waitlists}) by id, as experiences-service sends them.
 */
record ActiveParticipations(Map<String, JsonNode> queues, Map<String, JsonNode> timedReleases, Map<String, JsonNode> waitlists,
        Map<String, ExperienceParticipations> experiences) {

    record ExperienceParticipations(Map<String, SequenceParticipations> sequences) {
    }

    /** One state per distribution type; {@code queue} is the newest queue entry of the sequence. */
    record SequenceParticipations(JsonNode queue) {
    }

    static ActiveParticipations from(ParticipationsView view) {
        Map<String, JsonNode> queues = view.queues().values().stream()
                .collect(Collectors.toMap(QueueParticipation::queueId, QueueParticipation::state, (first, second) -> first, LinkedHashMap::new));
        Map<String, ExperienceParticipations> experiences = view.queues().values().stream()
                .filter(queue -> queue.experienceId() != null && queue.sequenceId() != null)
                .collect(Collectors.groupingBy(QueueParticipation::experienceId, LinkedHashMap::new,
                        Collectors.collectingAndThen(Collectors.toMap(QueueParticipation::sequenceId,
                                        queue -> new SequenceParticipations(queue.state()), (first, second) -> first, LinkedHashMap::new),
                                ExperienceParticipations::new)));
        return new ActiveParticipations(queues, view.timedReleases(), view.waitlists(), experiences);
    }
}
