package io.dropline.experiences.access.journey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.experiences.access.appointment.AppointmentResponse;
import io.dropline.experiences.access.auction.AuctionResponse;
import io.dropline.experiences.access.timedrelease.TimedReleaseResponse;
import io.dropline.experiences.access.waitlist.WaitlistResponse;
import io.dropline.experiences.commerce.ExperienceProduct;
import io.dropline.experiences.commerce.ExperienceProducts;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /experiences/{id}} for a publishable key. Never carries access codes, audience ids or other admin
 * fields: {@code hasProtectedSequences} only says that some path has a requirement.
 *
 * <p>{@code products} are the experience's products that a shopper may see (from commerce-service, cached for
 * seconds). When commerce-service cannot answer in time the view still answers: {@code products} is left out and
 * {@code productsUnavailable} is true. Both are absent where the view is embedded in another answer (enter).
 */
public record PublicExperienceView(
        String id,
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        String status,
        boolean hasProtectedSequences,
        List<Sequence> sequences,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ExperienceProduct> products,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean productsUnavailable) {

    static PublicExperienceView from(JourneyExperience experience) {
        return new PublicExperienceView(experience.facts().publicId(), experience.facts().name(), experience.facts().timeZone(),
                experience.facts().openAt(), experience.facts().closeAt(), experience.facts().status(),
                experience.hasProtectedSequences(), experience.paths().stream().map(Sequence::from).toList(), null, null);
    }

    /** The view with the experience's products, or marked when they could not be read. */
    PublicExperienceView withProducts(ExperienceProducts.Answer answer) {
        return new PublicExperienceView(id, name, timeZone, openAt, closeAt, status, hasProtectedSequences, sequences,
                answer.unavailable() ? null : answer.products(), answer.unavailable());
    }

    /** A sequence (access path), by priority, highest first. */
    public record Sequence(String id, String name, String color, int priority, List<PublicQueueView.Summary> queues,
            List<TimedReleaseResponse.Public> timedReleases, List<AuctionResponse.Summary> auctions, WaitlistResponse.Public waitlist,
            List<AppointmentResponse.Public> appointments) {

        static Sequence from(JourneyExperience.Path path) {
            return new Sequence(path.sequence().id(), path.sequence().name(), path.sequence().color(), path.sequence().priority(),
                    path.queues().stream().map(PublicQueueView.Summary::from).toList(),
                    path.timedReleases().stream().map(TimedReleaseResponse.Public::of).toList(),
                    path.auctions().stream().map(AuctionResponse.Summary::of).toList(),
                    path.waitlist() == null ? null : WaitlistResponse.Public.of(path.waitlist()),
                    path.appointments().stream().map(AppointmentResponse.Public::of).toList());
        }
    }
}
