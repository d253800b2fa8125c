package io.dropline.analytics.activity;

import io.dropline.analytics.web.SpotlightParams;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.page.SpotlightEnvelopes;
import io.dropline.contracts.page.SpotlightEnvelopes.Data;
import io.dropline.contracts.page.SpotlightEnvelopes.Items;
import io.dropline.contracts.web.QueryParams;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/** Reads of the activity log: the tenant's recent entries, or the full history of one entity. Newest first. */
@Service
class ActivityService {

    /** The entity types admin writes record (the Spotlight Admin API's resources and the tenant config). */
    static final Set<String> ENTITY_TYPES = Set.of("tour", "content", "theme", "admin_user", "config");

    private static final Set<String> PARAMS = Set.of("limit", "offset");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 100;
    private static final int MAX_ENTITY_ID_LENGTH = 512;

    private final ActivityRepository repository;

    ActivityService(ActivityRepository repository) {
        this.repository = repository;
    }

    Mono<Data<Items<ActivityResponse>>> recent(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> Page.of(params))
                .flatMap(page -> page(context, null, null, page));
    }

    Mono<Data<Items<ActivityResponse>>> ofEntity(InternalContext context, String entityType, String entityId,
            MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> Page.of(params))
                .flatMap(page -> page(context, checkedType(entityType), checkedId(entityId), page));
    }

    private Mono<Data<Items<ActivityResponse>>> page(InternalContext context, String entityType, String entityId, Page page) {
        return Mono.zip(
                        repository.page(context, entityType, entityId, page.limit(), page.offset()).map(ActivityResponse::from).collectList(),
                        repository.count(context, entityType, entityId))
                .map(result -> SpotlightEnvelopes.list(result.getT1(), result.getT2(), page.limit(), page.offset()));
    }

    /** An unknown entity type is a client mistake worth naming, not an empty history. */
    private static String checkedType(String entityType) {
        if (!ENTITY_TYPES.contains(entityType)) {
            throw ApiException.validation("entity_type", "Must be one of admin_user, config, content, theme, tour");
        }
        return entityType;
    }

    private static String checkedId(String entityId) {
        if (entityId.isBlank() || entityId.length() > MAX_ENTITY_ID_LENGTH || entityId.indexOf('\0') >= 0) {
            throw ApiException.validation("entity_id", "Must be 1 to " + MAX_ENTITY_ID_LENGTH + " characters");
        }
        return entityId;
    }

    record Page(int limit, long offset) {

        static Page of(MultiValueMap<String, String> raw) {
            QueryParams params = QueryParams.only(raw, PARAMS);
            return new Page((int) SpotlightParams.bounded(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                    SpotlightParams.bounded(params, "offset", 0, 0, Long.MAX_VALUE));
        }
    }
}
