package io.dropline.commerce.order;

import io.dropline.commerce.common.Amounts;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The order events of reference §10.3, with exactly its {@code data} fields (plus order.refunded, additive). */
final class OrderEvents {

    private OrderEvents() {
    }

    static EventEnvelope created(InternalContext context, OrderEntity order, List<OrderItem> items) {
        Map<String, Object> data = base(order);
        data.put("experienceId", OrderResponse.format("exp", order.experienceId()));
        data.put("sequenceId", OrderResponse.format("seq", order.sequenceId()));
        data.put("createdAt", order.createdAt().toString());
        data.put("amount", Amounts.money(order.amount()).toString());
        data.put("currencyCode", order.currencyCode());
        data.put("items", items.stream().map(item -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("productId", OrderResponse.format("prod", item.productId()));
            line.put("variantId", OrderResponse.format("var", item.variantId()));
            line.put("quantity", item.quantity());
            return line;
        }).toList());
        return envelope(context, EventTypes.ORDER_CREATED, order, order.createdAt(), data);
    }

    static EventEnvelope completed(InternalContext context, OrderEntity order) {
        Map<String, Object> data = base(order);
        data.put("completedAt", order.completedAt().toString());
        data.put("amount", Amounts.money(order.amount()).toString());
        data.put("currencyCode", order.currencyCode());
        return envelope(context, EventTypes.ORDER_COMPLETED, order, order.completedAt(), data);
    }

    static EventEnvelope cancelled(InternalContext context, OrderEntity order) {
        Map<String, Object> data = base(order);
        data.put("cancelledAt", order.cancelledAt().toString());
        data.put("reason", order.cancelReason());
        return envelope(context, EventTypes.ORDER_CANCELLED, order, order.cancelledAt(), data);
    }

    static EventEnvelope refunded(InternalContext context, OrderEntity order) {
        Map<String, Object> data = base(order);
        data.put("refundedAt", order.refundedAt().toString());
        data.put("amount", Amounts.money(order.amount()).toString());
        data.put("currencyCode", order.currencyCode());
        return envelope(context, EventTypes.ORDER_REFUNDED, order, order.refundedAt(), data);
    }

    private static Map<String, Object> base(OrderEntity order) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", Ids.format(OrderIds.ORDER, order.id()));
        data.put("consumerId", OrderResponse.format("cons", order.consumerId()));
        return data;
    }

    /** {@code context} is null for the expiry sweep: no request, the service is the actor. */
    private static EventEnvelope envelope(InternalContext context, String type, OrderEntity order, Instant at, Map<String, Object> data) {
        return new EventEnvelope(Ids.newId("evt"), type, Ids.format("org", order.organizationId()), order.environment(), "order",
                Ids.format(OrderIds.ORDER, order.id()), at, context == null ? null : context.requestId(),
                context == null || context.principal() == null ? "commerce-service" : context.principal().id(), data);
    }
}
