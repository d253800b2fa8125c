package io.dropline.experiences.access.journey;

import io.dropline.experiences.access.experience.ExperienceService.JourneyFacts;
import io.dropline.experiences.access.queue.QueueResponse;
import io.dropline.experiences.access.sequence.SequenceResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An experience with its access paths, private fields included, loaded once per request. Only routing reads the
 * private fields; the public views copy the public ones.
 */
record JourneyExperience(JourneyFacts facts, List<Path> paths) {

    /** Sequences by priority, highest first; ties keep the admin order (creation). */
    static JourneyExperience of(JourneyFacts facts, List<SequenceResponse> sequences, List<QueueResponse> queues) {
        Map<String, List<QueueResponse>> bySequence = queues.stream().collect(Collectors.groupingBy(QueueResponse::sequenceId));
        List<Path> paths = sequences.stream()
                .sorted(Comparator.comparingInt(SequenceResponse::priority).reversed())
                .map(sequence -> new Path(sequence, bySequence.getOrDefault(sequence.id(), List.of())))
                .toList();
        return new JourneyExperience(facts, paths);
    }

    /** Whether any path needs a code or an audience: the public flag, without saying which or how. */
    boolean hasProtectedSequences() {
        return paths.stream().anyMatch(path -> path.accessCode(facts.accessCode()) != null || path.sequence().audienceId() != null);
    }

    /** A sequence and its queues. */
    record Path(SequenceResponse sequence, List<QueueResponse> queues) {

        /** open when a queue takes entries now, upcoming when one opens later, else closed (also without queues). */
        String availability() {
            if (queues.stream().anyMatch(queue -> "OPEN".equals(PublicQueueView.publicStatus(queue)))) {
                return "open";
            }
            return queues.stream().anyMatch(queue -> "PENDING".equals(PublicQueueView.publicStatus(queue))) ? "upcoming" : "closed";
        }

        /** A path whose every queue refuses guests needs a verified (non-guest) consumer. */
        boolean requiresVerifiedConsumer() {
            return !queues.isEmpty() && queues.stream().noneMatch(QueueResponse::supportsGuest);
        }

        /** The sequence's own code, else the experience's; null when the path needs none. */
        String accessCode(String experienceCode) {
            return sequence.accessCode() != null ? sequence.accessCode() : experienceCode;
        }
    }
}
