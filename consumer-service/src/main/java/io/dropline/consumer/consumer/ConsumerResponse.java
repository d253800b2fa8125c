package io.dropline.consumer.consumer;

import io.dropline.contracts.id.Ids;
import io.dropline.contracts.money.Money;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A consumer as the Admin API shows it. Aggregates are read-only. */
record ConsumerResponse(
        String id,
        String organizationId,
        String email,
        String phone,
        String fullName,
        JsonNode metadata,
        String externalId,
        int totalOrders,
        Money totalOrderValue,
        Instant lastOrderAt,
        Instant createdAt,
        Instant updatedAt) {

    static ConsumerResponse from(ConsumerEntity entity) {
        return new ConsumerResponse(
                Ids.format(ConsumerIds.PREFIX, entity.id()),
                Ids.format("org", entity.organizationId()),
                entity.email(),
                entity.phone(),
                entity.fullName(),
                entity.metadataJson() == null ? null : JsonMapper.shared().readTree(entity.metadataJson()),
                entity.externalId(),
                entity.totalOrders(),
                new Money(entity.totalOrderValue()),
                entity.lastOrderAt(),
                entity.createdAt(),
                entity.updatedAt());
    }
}
