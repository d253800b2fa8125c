package io.dropline.commerce.order;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code orders}. */
public record OrderEntity(
        UUID id,
        UUID organizationId,
        String environment,
        String externalId,
        String status,
        UUID consumerId,
        UUID experienceId,
        UUID sequenceId,
        String distributionType,
        String distributionId,
        UUID admissionGrantId,
        BigDecimal amount,
        String currencyCode,
        String cancelReason,
        String metadataJson,
        Instant deadline,
        boolean archived,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        Instant cancelledAt,
        Instant refundedAt) {

    static final String COLUMNS = "id, organization_id, environment, external_id, status, consumer_id, experience_id, sequence_id, "
            + "distribution_type, distribution_id, admission_grant_id, amount, currency_code, cancel_reason, metadata::text AS metadata, "
            + "deadline, archived, created_at, updated_at, completed_at, cancelled_at, refunded_at";

    static OrderEntity from(Readable row) {
        return new OrderEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("environment", String.class),
                row.get("external_id", String.class),
                row.get("status", String.class),
                row.get("consumer_id", UUID.class),
                row.get("experience_id", UUID.class),
                row.get("sequence_id", UUID.class),
                row.get("distribution_type", String.class),
                row.get("distribution_id", String.class),
                row.get("admission_grant_id", UUID.class),
                row.get("amount", BigDecimal.class),
                row.get("currency_code", String.class),
                row.get("cancel_reason", String.class),
                row.get("metadata", String.class),
                row.get("deadline", Instant.class),
                Boolean.TRUE.equals(row.get("archived", Boolean.class)),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class),
                row.get("completed_at", Instant.class),
                row.get("cancelled_at", Instant.class),
                row.get("refunded_at", Instant.class));
    }
}
