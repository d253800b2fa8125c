package io.dropline.experiences.access.journey;

import io.dropline.experiences.access.appointment.AppointmentResponse;
import io.dropline.experiences.access.experience.ExperienceService.JourneyFacts;
import io.dropline.experiences.access.draw.DrawResponse;
import io.dropline.experiences.access.queue.QueueResponse;
import io.dropline.experiences.access.sequence.SequenceResponse;
import io.dropline.experiences.access.auction.AuctionResponse;
import io.dropline.experiences.access.timedrelease.TimedReleaseResponse;
import io.dropline.experiences.access.waitlist.WaitlistResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An experience with its access paths, private fields included, loaded once per request. Only routing reads the
 * private fields; the public views copy the public ones.
 */
record JourneyExperience(JourneyFacts facts, List<Path> paths) {

    /** Sequences by priority, highest first; ties keep the admin order (creation). */
    static JourneyExperience of(JourneyFacts facts, List<SequenceResponse> sequences, List<QueueResponse> queues) {
        return of(facts, sequences, queues, List.of(), List.of(), List.of(), List.of(), List.of(), Set.of());
    }

    /**
     * @param fullQueues ids of open queues whose capacity is taken: their overflow goes to the sequence's waitlist
     */
    static JourneyExperience of(JourneyFacts facts, List<SequenceResponse> sequences, List<QueueResponse> queues,
            List<DrawResponse> draws, List<TimedReleaseResponse> timedReleases, List<AuctionResponse> auctions,
            List<WaitlistResponse> waitlists, List<AppointmentResponse> appointments, Set<String> fullQueues) {
        Map<String, List<QueueResponse>> bySequence = queues.stream().collect(Collectors.groupingBy(QueueResponse::sequenceId));
        Map<String, List<DrawResponse>> drawsBySequence = draws.stream().collect(Collectors.groupingBy(DrawResponse::sequenceId));
        Map<String, List<TimedReleaseResponse>> releasesBySequence = timedReleases.stream()
                .collect(Collectors.groupingBy(TimedReleaseResponse::sequenceId));
        Map<String, List<AuctionResponse>> auctionsBySequence = auctions.stream().collect(Collectors.groupingBy(AuctionResponse::sequenceId));
        Map<String, List<AppointmentResponse>> appointmentsBySequence = appointments.stream()
                .collect(Collectors.groupingBy(AppointmentResponse::sequenceId));
        Map<String, WaitlistResponse> waitlistBySequence = waitlists.stream()
                .collect(Collectors.toMap(WaitlistResponse::sequenceId, waitlist -> waitlist, (first, second) -> first));
        List<Path> paths = sequences.stream()
                .sorted(Comparator.comparingInt(SequenceResponse::priority).reversed())
                .map(sequence -> new Path(sequence, bySequence.getOrDefault(sequence.id(), List.of()),
                        drawsBySequence.getOrDefault(sequence.id(), List.of()),
                        releasesBySequence.getOrDefault(sequence.id(), List.of()), auctionsBySequence.getOrDefault(sequence.id(), List.of()),
                        waitlistBySequence.get(sequence.id()), appointmentsBySequence.getOrDefault(sequence.id(), List.of()), fullQueues))
                .toList();
        return new JourneyExperience(facts, paths);
    }

    /** Whether any path needs a code or an audience: the public flag, without saying which or how. */
    boolean hasProtectedSequences() {
        return paths.stream().anyMatch(path -> path.accessCode(facts.accessCode()) != null || path.sequence().audienceId() != null);
    }

    /**
     * A sequence and its distributions: queues, draws, timed releases, auctions, its waitlist (or null), its appointments,
     * and which of its queues are full (their capacity of waiting consumers is taken).
     */
    record Path(SequenceResponse sequence, List<QueueResponse> queues, List<DrawResponse> draws,
            List<TimedReleaseResponse> timedReleases, List<AuctionResponse> auctions, WaitlistResponse waitlist,
            List<AppointmentResponse> appointments, Set<String> fullQueues) {

        Path(SequenceResponse sequence, List<QueueResponse> queues) {
            this(sequence, queues, List.of(), List.of(), List.of(), null, List.of(), Set.of());
        }

        /**
         * open when a queue with room, a draw, a timed release, an auction or an appointment takes entries (bids, bookings) now (a draw's admin status is OPEN while
         * it takes entries); waitlist when the open queues are all full and the sequence's waitlist takes sign-ups (the
         * overflow, §8.6); upcoming when something opens later; waitlist again when nothing else is left but a waitlist
         * taking sign-ups (sold out, restock); else closed.
         */
        String availability() {
            List<QueueResponse> openQueues = queues.stream().filter(queue -> "OPEN".equals(PublicQueueView.publicStatus(queue))).toList();
            boolean openOther = timedReleases.stream().anyMatch(release -> "OPEN".equals(release.status()))
                    || draws.stream().anyMatch(draw -> "OPEN".equals(draw.status()))
                    || auctions.stream().anyMatch(auction -> "OPEN".equals(auction.status()))
                    || appointments.stream().anyMatch(appointment -> "OPEN".equals(appointment.status()));
            if (openOther || openQueues.stream().anyMatch(queue -> !fullQueues.contains(queue.id()))) {
                return "open";
            }
            boolean waitlistOpen = waitlist != null && waitlist.takesSignups();
            if (!openQueues.isEmpty() && waitlistOpen) {
                return "waitlist";
            }
            if (!openQueues.isEmpty()) {
                return "open";
            }
            boolean pending = queues.stream().anyMatch(queue -> "PENDING".equals(PublicQueueView.publicStatus(queue)))
                    || draws.stream().anyMatch(draw -> "SCHEDULED".equals(draw.status()))
                    || timedReleases.stream().anyMatch(release -> "SCHEDULED".equals(release.status()))
                    || auctions.stream().anyMatch(auction -> "SCHEDULED".equals(auction.status()))
                    || appointments.stream().anyMatch(appointment -> "SCHEDULED".equals(appointment.status()));
            return pending ? "upcoming" : waitlistOpen ? "waitlist" : "closed";
        }

        /** The waitlist to send the consumer to when the path's availability is {@code waitlist}. */
        String waitlistId() {
            return "waitlist".equals(availability()) ? waitlist.id() : null;
        }

        /**
         * A path whose every distribution refuses guests needs a verified (non-guest) consumer: its queues, draws, timed
         * releases and auctions, or its waitlist when that is where the path leads.
         */
        boolean requiresVerifiedConsumer() {
            if ("waitlist".equals(availability())) {
                return !waitlist.supportsGuest();
            }
            boolean any = !queues.isEmpty() || !draws.isEmpty() || !timedReleases.isEmpty() || !auctions.isEmpty()
                    || !appointments.isEmpty();
            return any && queues.stream().noneMatch(QueueResponse::supportsGuest)
                    && draws.stream().noneMatch(DrawResponse::supportsGuest)
                    && timedReleases.stream().noneMatch(TimedReleaseResponse::supportsGuest)
                    && auctions.stream().noneMatch(AuctionResponse::supportsGuest)
                    && appointments.stream().noneMatch(AppointmentResponse::supportsGuest);
        }

        /** The sequence's own code, else the experience's; null when the path needs none. */
        String accessCode(String experienceCode) {
            return sequence.accessCode() != null ? sequence.accessCode() : experienceCode;
        }
    }
}
