package io.dropline.commerce.catalog;

import io.dropline.contracts.id.Ids;
import java.time.Instant;

/** A reservation: units of a variant held until {@code expiresAt}; status HELD, COMMITTED, RELEASED or EXPIRED. */
record ReservationResponse(String id, String productId, String variantId, int quantity, String status, String orderId,
        String consumerId, Instant expiresAt, Instant createdAt) {

    static ReservationResponse from(Inventory.Reservation reservation) {
        return new ReservationResponse(Ids.format(CatalogIds.RESERVATION, reservation.id()),
                reservation.productId() == null ? null : Ids.format(CatalogIds.PRODUCT, reservation.productId()),
                Ids.format(CatalogIds.VARIANT, reservation.variantId()), reservation.quantity(), reservation.status(),
                reservation.orderId() == null ? null : Ids.format("order", reservation.orderId()),
                reservation.consumerId() == null ? null : Ids.format("cons", reservation.consumerId()),
                reservation.expiresAt(), reservation.createdAt());
    }
}
