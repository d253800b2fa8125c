package io.dropline.commerce.order;

import io.dropline.commerce.common.Amounts;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.money.Money;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An order as the Admin API shows it; status CREATED (pending), COMPLETED, CANCELLED or REFUNDED. */
public record OrderResponse(
        String id,
        String organizationId,
        String externalId,
        String status,
        String consumerId,
        String experienceId,
        String sequenceId,
        String distributionType,
        String distributionId,
        String admissionGrantId,
        Money amount,
        String currencyCode,
        List<Item> items,
        String cancelReason,
        JsonNode metadata,
        Instant deadline,
        boolean archived,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        Instant cancelledAt,
        Instant refundedAt) {

    public record Item(String productId, String variantId, int quantity, Money price) {
    }

    static OrderResponse from(OrderEntity order, List<OrderItem> items) {
        return new OrderResponse(
                Ids.format(OrderIds.ORDER, order.id()),
                Ids.format("org", order.organizationId()),
                order.externalId(),
                order.status(),
                format("cons", order.consumerId()),
                format("exp", order.experienceId()),
                format("seq", order.sequenceId()),
                order.distributionType(),
                order.distributionId(),
                format("grant", order.admissionGrantId()),
                Amounts.money(order.amount()),
                order.currencyCode(),
                items.stream().map(item -> new Item(format("prod", item.productId()), format("var", item.variantId()), item.quantity(),
                        Amounts.money(item.price()))).toList(),
                order.cancelReason(),
                order.metadataJson() == null ? null : JsonMapper.shared().readTree(order.metadataJson()),
                order.deadline(),
                order.archived(),
                order.createdAt(),
                order.updatedAt(),
                order.completedAt(),
                order.cancelledAt(),
                order.refundedAt());
    }

    static String format(String prefix, java.util.UUID id) {
        return id == null ? null : Ids.format(prefix, id);
    }
}
