package io.dropline.gateway.apikey;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("api_keys")
record ApiKeyEntity(
        @Id UUID id,
        UUID organizationId,
        String type,
        String environment,
        byte[] salt,
        byte[] secretHash,
        String last4,
        Instant createdAt,
        Instant lastUsedAt,
        Instant revokedAt) {
}
