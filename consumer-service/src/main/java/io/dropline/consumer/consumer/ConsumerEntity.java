package io.dropline.consumer.consumer;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code consumers}. Mapped by hand from SQL that states its columns (see ConsumerRepository). */
record ConsumerEntity(
        UUID id,
        UUID organizationId,
        String environment,
        String email,
        String phone,
        String fullName,
        String metadataJson,
        String externalId,
        int totalOrders,
        BigDecimal totalOrderValue,
        Instant lastOrderAt,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, environment, email, phone, full_name, metadata::text AS metadata, "
            + "external_id, total_orders, total_order_value, last_order_at, created_at, updated_at";

    static ConsumerEntity from(Readable row) {
        return new ConsumerEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("environment", String.class),
                row.get("email", String.class),
                row.get("phone", String.class),
                row.get("full_name", String.class),
                row.get("metadata", String.class),
                row.get("external_id", String.class),
                row.get("total_orders", Integer.class),
                row.get("total_order_value", BigDecimal.class),
                row.get("last_order_at", Instant.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }
}
