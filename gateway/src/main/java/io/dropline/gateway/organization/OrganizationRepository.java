package io.dropline.gateway.organization;

import java.util.UUID;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

interface OrganizationRepository extends ReactiveCrudRepository<OrganizationEntity, UUID> {

    @Query("SELECT EXISTS (SELECT 1 FROM organizations WHERE slug = :slug AND id <> :id)")
    Mono<Boolean> slugTakenByOther(String slug, UUID id);

    Mono<Boolean> existsBySlug(String slug);

    Mono<OrganizationEntity> findBySlug(String slug);

    /** Keyset page of every organization in id (creation) order; the first page passes the nil uuid. */
    @Query("SELECT * FROM organizations WHERE id > :after ORDER BY id ASC LIMIT :limit")
    Flux<OrganizationEntity> pageForward(UUID after, int limit);

    /** Keyset page backwards; the last page passes the all-ones uuid. */
    @Query("SELECT * FROM organizations WHERE id < :before ORDER BY id DESC LIMIT :limit")
    Flux<OrganizationEntity> pageBackward(UUID before, int limit);
}
