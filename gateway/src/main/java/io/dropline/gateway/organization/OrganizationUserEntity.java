package io.dropline.gateway.organization;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("organization_users")
record OrganizationUserEntity(
        @Id UUID id,
        UUID organizationId,
        String email,
        String fullName,
        String role,
        Instant createdAt,
        Instant updatedAt) {
}
