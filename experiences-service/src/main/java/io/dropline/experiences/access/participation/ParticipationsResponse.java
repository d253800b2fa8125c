package io.dropline.experiences.access.participation;

import io.dropline.contracts.id.Ids;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code { consumerId, queues: { "queue_…": ActiveQueue }, draws: { "draw_…": ActiveDraw }, timedReleases: { "trel_…": … },
 * waitlists: { "wl_…": … }, auctions: { "auc_…": ActiveAuction }, appointments: { "appt_…": booking } }}, newest entry
 * first in each (bookings: soonest slot first).
 */
record ParticipationsResponse(String consumerId, Map<String, ActiveQueue> queues, Map<String, ActiveDraw> draws,
        Map<String, ActiveTimedRelease> timedReleases, Map<String, ActiveWaitlist> waitlists, Map<String, ActiveAuction> auctions,
        Map<String, ActiveAppointment> appointments) {

    static ParticipationsResponse of(UUID consumer, List<ActiveQueue> active) {
        return of(consumer, active, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    static ParticipationsResponse of(UUID consumer, List<ActiveQueue> active, List<ActiveDraw> draws,
            List<ActiveTimedRelease> releases, List<ActiveWaitlist> waitlists, List<ActiveAuction> auctions,
            List<ActiveAppointment> appointments) {
        return new ParticipationsResponse(Ids.format("cons", consumer),
                active.stream().collect(Collectors.toMap(ActiveQueue::queueId, Function.identity(), (first, second) -> first, LinkedHashMap::new)),
                draws.stream().collect(Collectors.toMap(ActiveDraw::drawId, Function.identity(), (first, second) -> first, LinkedHashMap::new)),
                releases.stream().collect(Collectors.toMap(ActiveTimedRelease::timedReleaseId, Function.identity(), (first, second) -> first,
                        LinkedHashMap::new)),
                waitlists.stream().collect(Collectors.toMap(ActiveWaitlist::waitlistId, Function.identity(), (first, second) -> first,
                        LinkedHashMap::new)),
                auctions.stream().collect(Collectors.toMap(ActiveAuction::auctionId, Function.identity(), (first, second) -> first,
                        LinkedHashMap::new)),
                appointments.stream().collect(Collectors.toMap(ActiveAppointment::appointmentId, Function.identity(), (first, second) -> first,
                        LinkedHashMap::new)));
    }
}
