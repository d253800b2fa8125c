package io.dropline.experiences.access.distribution;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.event.bus.Outbox;
import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The lifecycle events every distribution type publishes the same way ({@code distribution.opened},
 * {@code distribution.closed}, reference/fanfare-api.md §10.3), written to the outbox: call inside the transaction
 * that makes the change (a timer handler's, which commits with the job's done mark).
 */
@Component
public class DistributionEvents {

    private final Outbox outbox;

    DistributionEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Mono<Void> opened(DistributionRef distribution, Instant openedAt) {
        Map<String, Object> data = common(distribution);
        data.put("openedAt", openedAt.toString());
        return outbox.append(event(EventTypes.DISTRIBUTION_OPENED, distribution, data, openedAt));
    }

    public Mono<Void> closed(DistributionRef distribution, Instant closedAt, long totalParticipants) {
        Map<String, Object> data = common(distribution);
        data.put("closedAt", closedAt.toString());
        data.put("totalParticipants", totalParticipants);
        return outbox.append(event(EventTypes.DISTRIBUTION_CLOSED, distribution, data, closedAt));
    }

    /**
     * Consumer events of a type ({@code timed_release.consumer.entered}, {@code waitlist.consumer.notified}, …), one per
     * payload, in one outbox statement: each payload gets the distribution under {@code idField} ({@code timedReleaseId})
     * and its sequence and experience in front of its own fields (§10.3's shape for queues and draws).
     */
    public Mono<Void> consumers(String type, DistributionRef distribution, String idField, List<Map<String, Object>> payloads,
            Instant at) {
        return outbox.append(payloads.stream().map(payload -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put(idField, distribution.publicId());
            data.put("sequenceId", Ids.format("seq", distribution.sequenceId()));
            data.put("experienceId", Ids.format("exp", distribution.experienceId()));
            data.putAll(payload);
            return event(type, distribution, data, at);
        }).toList());
    }

    private static Map<String, Object> common(DistributionRef distribution) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("distributionId", distribution.publicId());
        data.put("distributionType", distribution.type());
        data.put("sequenceId", Ids.format("seq", distribution.sequenceId()));
        data.put("experienceId", Ids.format("exp", distribution.experienceId()));
        return data;
    }

    /** Timers carry no request id or actor; the aggregate is the distribution under its type's name. */
    private static EventEnvelope event(String type, DistributionRef distribution, Map<String, Object> data, Instant at) {
        return new EventEnvelope(Ids.format("evt", Ids.newUuid()), type, Ids.format("org", distribution.organizationId()),
                distribution.environment().wire(), distribution.type(), distribution.publicId(), at, null, null, data);
    }
}
