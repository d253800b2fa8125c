package io.dropline.gateway.organization;

import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("organizations")
record OrganizationEntity(
        @Id UUID id,
        String name,
        String slug,
        String timeZone,
        String currencyCode,
        String countryCode,
        String languageCode,
        String logoUrl,
        String faviconUrl,
        String plan,
        String status,
        Json rateLimits,
        Instant createdAt,
        Instant updatedAt) {
}
