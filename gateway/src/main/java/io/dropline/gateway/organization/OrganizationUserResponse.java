package io.dropline.gateway.organization;

import io.dropline.contracts.id.Ids;
import java.time.Instant;

public record OrganizationUserResponse(String id, String organizationId, String email, String fullName, String role,
        Instant createdAt, Instant updatedAt) {

    static OrganizationUserResponse from(OrganizationUserEntity entity) {
        return new OrganizationUserResponse(Ids.format("user", entity.id()), Ids.format("org", entity.organizationId()),
                entity.email(), entity.fullName(), entity.role(), entity.createdAt(), entity.updatedAt());
    }
}
