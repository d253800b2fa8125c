package io.dropline.experiences.access.sequence;

import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.appointment.NestedAppointmentRequest;
import io.dropline.experiences.access.draw.DrawService;
import io.dropline.experiences.access.draw.NestedDrawRequest;
import io.dropline.experiences.access.auction.NestedAuctionRequest;
import io.dropline.experiences.access.timedrelease.NestedTimedReleaseRequest;
import io.dropline.experiences.access.waitlist.NestedWaitlistRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The distributions besides queues a sequence body may create with it: {@code draws}, {@code timedReleases} and
 * {@code auctions}, {@code appointments} (arrays) and {@code waitlist} (one object; a sequence has at most one). Shared by
 * {@code POST /sequences} and the nested
 * sequence of {@code POST /experiences}.
 */
public interface NestedDistributions {

    Tristate<List<NestedDrawRequest>> draws();

    Tristate<List<NestedTimedReleaseRequest>> timedReleases();

    Tristate<NestedWaitlistRequest> waitlist();

    Tristate<List<NestedAuctionRequest>> auctions();

    /** The auctions to create (none when absent, null or not an array). */
    default List<NestedAuctionRequest> auctionList() {
        return auctions().wrongType() || auctions().value() == null ? List.of() : auctions().value();
    }

    Tristate<List<NestedAppointmentRequest>> appointments();

    /** The draws to create (none when absent, null or not an array). */
    default List<NestedDrawRequest> drawList() {
        return draws().wrongType() || draws().value() == null ? List.of() : draws().value();
    }

    /** The timed releases to create (none when absent, null or not an array). */
    default List<NestedTimedReleaseRequest> timedReleaseList() {
        return timedReleases().wrongType() || timedReleases().value() == null ? List.of() : timedReleases().value();
    }

    /** The appointments to create (none when absent, null or not an array). */
    default List<NestedAppointmentRequest> appointmentList() {
        return appointments().wrongType() || appointments().value() == null ? List.of() : appointments().value();
    }

    /** The waitlist to create, or null. */
    default NestedWaitlistRequest waitlistOrNull() {
        return waitlist().wrongType() ? null : waitlist().value();
    }

    /** Cross-field problems of the nested distributions, their local times read in {@code experienceZone}, at {@code prefix}. */
    default List<FieldError> distributionProblems(String experienceZone, String prefix) {
        List<FieldError> problems = new ArrayList<>();
        List<NestedDrawRequest> draws = drawList();
        for (int i = 0; i < draws.size(); i++) {
            if (draws.get(i) != null) {
                problems.addAll(DrawService.nestedProblems(draws.get(i), experienceZone, prefix + "draws[" + i + "]", Instant.now()));
            }
        }
        List<NestedTimedReleaseRequest> releases = timedReleaseList();
        for (int i = 0; i < releases.size(); i++) {
            if (releases.get(i) != null) {
                problems.addAll(releases.get(i).problems(experienceZone, prefix + "timedReleases[" + i + "]."));
            }
        }
        List<NestedAuctionRequest> auctions = auctionList();
        for (int i = 0; i < auctions.size(); i++) {
            if (auctions.get(i) != null) {
                problems.addAll(auctions.get(i).problems(experienceZone, prefix + "auctions[" + i + "].", Instant.now()));
            }
        }
        List<NestedAppointmentRequest> appointments = appointmentList();
        for (int i = 0; i < appointments.size(); i++) {
            if (appointments.get(i) != null) {
                problems.addAll(appointments.get(i).problems(experienceZone, prefix + "appointments[" + i + "]."));
            }
        }
        if (waitlistOrNull() != null) {
            problems.addAll(waitlistOrNull().problems(experienceZone, prefix + "waitlist."));
        }
        return problems;
    }
}
