package io.dropline.contracts.event;

import java.time.Instant;
import java.util.Map;

/**
 * A domain event as it travels from a service's outbox over the event bus. Consumers deduplicate by
 * {@code id} (delivery is at least once) and ignore fields they do not know (changes are additive).
 *
 * @param id            {@code evt_…}, unique per fact
 * @param type          dotted past-tense name, e.g. {@code consumer.created}, {@code queue.consumer.admitted}
 * @param organizationId the tenant's public {@code org_} id
 * @param environment   {@code live} or {@code test}
 * @param aggregateType the resource the fact is about, e.g. {@code consumer}
 * @param aggregateId   that resource's public id
 * @param occurredAt    when the fact became true (commit time of its transaction)
 * @param requestId     the request that caused it, for tracing; null for timers
 * @param actor         who caused it (key id, consumer id, admin user id, or a service name)
 * @param data          the fact's fields, in the public API's vocabulary
 */
public record EventEnvelope(
        String id,
        String type,
        String organizationId,
        String environment,
        String aggregateType,
        String aggregateId,
        Instant occurredAt,
        String requestId,
        String actor,
        Map<String, Object> data) {
}
