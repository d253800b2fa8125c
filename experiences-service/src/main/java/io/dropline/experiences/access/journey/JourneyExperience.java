package io.dropline.experiences.access.journey;

import io.dropline.experiences.access.experience.ExperienceService.JourneyFacts;
import io.dropline.experiences.access.draw.DrawResponse;
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
        return of(facts, sequences, queues, List.of());
    }

    /** With the experience's draws: a sequence's path is open while one of its queues or draws takes entries. */
    static JourneyExperience of(JourneyFacts facts, List<SequenceResponse> sequences, List<QueueResponse> queues,
            List<DrawResponse> draws) {
        Map<String, List<QueueResponse>> bySequence = queues.stream().collect(Collectors.groupingBy(QueueResponse::sequenceId));
        Map<String, List<DrawResponse>> drawsBySequence = draws.stream().collect(Collectors.groupingBy(DrawResponse::sequenceId));
        List<Path> paths = sequences.stream()
                .sorted(Comparator.comparingInt(SequenceResponse::priority).reversed())
                .map(sequence -> new Path(sequence, bySequence.getOrDefault(sequence.id(), List.of()),
                        drawsBySequence.getOrDefault(sequence.id(), List.of())))
                .toList();
        return new JourneyExperience(facts, paths);
    }

    /** Whether any path needs a code or an audience: the public flag, without saying which or how. */
    boolean hasProtectedSequences() {
        return paths.stream().anyMatch(path -> path.accessCode(facts.accessCode()) != null || path.sequence().audienceId() != null);
    }

    /** A sequence and its queues and draws. */
    record Path(SequenceResponse sequence, List<QueueResponse> queues, List<DrawResponse> draws) {

        Path(SequenceResponse sequence, List<QueueResponse> queues) {
            this(sequence, queues, List.of());
        }

        /**
         * open when a queue or a draw takes entries now, upcoming when one opens later, else closed (also without
         * any). A draw's admin status is OPEN while it takes entries and SCHEDULED before.
         */
        String availability() {
            if (queues.stream().anyMatch(queue -> "OPEN".equals(PublicQueueView.publicStatus(queue)))
                    || draws.stream().anyMatch(draw -> "OPEN".equals(draw.status()))) {
                return "open";
            }
            return queues.stream().anyMatch(queue -> "PENDING".equals(PublicQueueView.publicStatus(queue)))
                    || draws.stream().anyMatch(draw -> "SCHEDULED".equals(draw.status())) ? "upcoming" : "closed";
        }

        /** A path whose every queue and draw refuses guests needs a verified (non-guest) consumer. */
        boolean requiresVerifiedConsumer() {
            return !(queues.isEmpty() && draws.isEmpty()) && queues.stream().noneMatch(QueueResponse::supportsGuest)
                    && draws.stream().noneMatch(DrawResponse::supportsGuest);
        }

        /** The sequence's own code, else the experience's; null when the path needs none. */
        String accessCode(String experienceCode) {
            return sequence.accessCode() != null ? sequence.accessCode() : experienceCode;
        }
    }
}
