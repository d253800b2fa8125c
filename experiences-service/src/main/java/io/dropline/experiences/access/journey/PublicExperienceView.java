package io.dropline.experiences.access.journey;

import java.time.Instant;
import io.dropline.experiences.access.appointment.AppointmentResponse;
import io.dropline.experiences.access.timedrelease.TimedReleaseResponse;
import io.dropline.experiences.access.waitlist.WaitlistResponse;
import java.util.List;

/**
 * {@code GET /experiences/{id}} for a publishable key. Never carries access codes, audience ids or other admin
 * fields: {@code hasProtectedSequences} only says that some path has a requirement.
 */
public record PublicExperienceView(
        String id,
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        String status,
        boolean hasProtectedSequences,
        List<Sequence> sequences) {

    static PublicExperienceView from(JourneyExperience experience) {
        return new PublicExperienceView(experience.facts().publicId(), experience.facts().name(), experience.facts().timeZone(),
                experience.facts().openAt(), experience.facts().closeAt(), experience.facts().status(),
                experience.hasProtectedSequences(), experience.paths().stream().map(Sequence::from).toList());
    }

    /** A sequence (access path), by priority, highest first. */
    public record Sequence(String id, String name, String color, int priority, List<PublicQueueView.Summary> queues,
            List<TimedReleaseResponse.Public> timedReleases, WaitlistResponse.Public waitlist, List<AppointmentResponse.Public> appointments) {

        static Sequence from(JourneyExperience.Path path) {
            return new Sequence(path.sequence().id(), path.sequence().name(), path.sequence().color(), path.sequence().priority(),
                    path.queues().stream().map(PublicQueueView.Summary::from).toList(),
                    path.timedReleases().stream().map(TimedReleaseResponse.Public::of).toList(),
                    path.waitlist() == null ? null : WaitlistResponse.Public.of(path.waitlist()),
                    path.appointments().stream().map(AppointmentResponse.Public::of).toList());
        }
    }
}
