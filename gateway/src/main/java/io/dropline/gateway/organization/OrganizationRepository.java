package io.dropline.gateway.organization;

import java.util.UUID;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import reactor.core.publisher.Mono;

interface OrganizationRepository extends ReactiveCrudRepository<OrganizationEntity, UUID> {

    @Query("SELECT EXISTS (SELECT 1 FROM organizations WHERE slug = :slug AND id <> :id)")
    Mono<Boolean> slugTakenByOther(String slug, UUID id);

    Mono<Boolean> existsBySlug(String slug);
}
