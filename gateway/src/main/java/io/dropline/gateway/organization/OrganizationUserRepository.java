package io.dropline.gateway.organization;

import java.util.UUID;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import reactor.core.publisher.Flux;

interface OrganizationUserRepository extends ReactiveCrudRepository<OrganizationUserEntity, UUID> {

    /** Keyset page in id order; the first page passes the nil uuid. */
    @Query("SELECT * FROM organization_users WHERE organization_id = :organizationId AND id > :after ORDER BY id ASC LIMIT :limit")
    Flux<OrganizationUserEntity> pageForward(UUID organizationId, UUID after, int limit);

    /** Keyset page backwards; the last page passes the all-ones uuid. */
    @Query("SELECT * FROM organization_users WHERE organization_id = :organizationId AND id < :before ORDER BY id DESC LIMIT :limit")
    Flux<OrganizationUserEntity> pageBackward(UUID organizationId, UUID before, int limit);
}
