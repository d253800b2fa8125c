package io.dropline.commerce.order;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.util.UUID;

/** One line of an order: product, variant, quantity and unit price (each but quantity optional). */
public record OrderItem(UUID orderId, int position, UUID productId, UUID variantId, int quantity, BigDecimal price) {

    static OrderItem from(Readable row) {
        return new OrderItem(row.get("order_id", UUID.class), row.get("position", Integer.class), row.get("product_id", UUID.class),
                row.get("variant_id", UUID.class), row.get("quantity", Integer.class), row.get("price", BigDecimal.class));
    }
}
