package io.dropline.commerce.sync;

import io.dropline.commerce.common.AdminOnly;
import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The Sync Sources Admin API: CRUD, search by the natural key, and an on-demand feed import. */
@Service
class SyncSourceService {

    private final SyncSourceRepository repository;
    private final FeedImport imports;
    private final RequestBodies bodies;
    private final CursorCodec cursors;
    private final Clock clock;

    SyncSourceService(SyncSourceRepository repository, FeedImport imports, RequestBodies bodies, CursorCodec cursors, Clock clock,
            tools.jackson.databind.json.JsonMapper mapper, jakarta.validation.Validator validator) {
        io.dropline.commerce.common.RequestTypes.warm(mapper, validator, SyncSourceRequests.Create.class, SyncSourceRequests.Update.class,
                FeedItem.class);
        this.repository = repository;
        this.imports = imports;
        this.bodies = bodies;
        this.cursors = cursors;
        this.clock = clock;
    }

    static ApiException notFound() {
        return ApiException.notFound("Sync source");
    }

    private static UUID id(InternalContext context, String id) {
        AdminOnly.require(context, SyncSourceService::notFound);
        return Ids.parse("sync", id).orElseThrow(SyncSourceService::notFound);
    }

    Mono<SyncSourceResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromCallable(() -> {
                    AdminOnly.require(context, SyncSourceService::notFound);
                    return bodies.read(body, SyncSourceRequests.Create.class);
                })
                .flatMap(request -> repository.insert(context, Ids.newUuid(), request.syncSource().value().strip(),
                        request.syncSourceId().value().strip(), FieldRules.stripped(request.syncStatus()).value(),
                        FieldRules.jsonText(request.sourceData()).value(), FieldRules.stripped(request.feedUrl()).value(),
                        request.syncIntervalSeconds().value(), now()))
                .onErrorMap(DuplicateKeyException.class, taken -> new ApiException(HttpStatus.CONFLICT,
                        "A sync source with this syncSource and syncSourceId already exists", "SYNC_SOURCE_EXISTS"))
                .map(SyncSourceResponse::from);
    }

    Mono<ListResponse<SyncSourceResponse>> search(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromCallable(() -> {
                    AdminOnly.require(context, SyncSourceService::notFound);
                    return SyncSourceRepository.SEARCH.parse(params).keyset(cursors, KeysetList.tenant("sync-sources", context));
                })
                .flatMap(keyset -> keyset.page(repository.page(context, keyset), SyncSourceResponse::from));
    }

    Mono<SyncSourceResponse> get(InternalContext context, String id) {
        return Mono.fromCallable(() -> id(context, id))
                .flatMap(uuid -> repository.find(context, uuid))
                .switchIfEmpty(Mono.error(SyncSourceService::notFound))
                .map(SyncSourceResponse::from);
    }

    Mono<SyncSourceResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromCallable(() -> Map.entry(id(context, id), bodies.read(body, SyncSourceRequests.Update.class)))
                .flatMap(request -> repository.update(context, request.getKey(), FieldRules.stripped(request.getValue().syncStatus()),
                        FieldRules.jsonText(request.getValue().sourceData()), FieldRules.stripped(request.getValue().feedUrl()),
                        request.getValue().syncIntervalSeconds(), now()))
                .switchIfEmpty(Mono.error(SyncSourceService::notFound))
                .map(SyncSourceResponse::from);
    }

    /** Archives (products keep naming it); its schedule stops. */
    Mono<SyncSourceResponse> delete(InternalContext context, String id) {
        return Mono.fromCallable(() -> id(context, id))
                .flatMap(uuid -> repository.archive(context, uuid, now()))
                .switchIfEmpty(Mono.error(SyncSourceService::notFound))
                .map(SyncSourceResponse::from);
    }

    /** Fetches the feed now (bounded time), under the lease: 409 {@code SYNC_IN_PROGRESS} while another fetch runs. */
    Mono<SyncSourceResponse> sync(InternalContext context, String id) {
        return Mono.fromCallable(() -> id(context, id))
                .flatMap(uuid -> repository.find(context, uuid))
                .filter(source -> !source.archived())
                .switchIfEmpty(Mono.error(SyncSourceService::notFound))
                .flatMap(source -> source.feedUrl() == null
                        ? Mono.error(ApiException.conflict("This sync source has no feed URL", "NO_FEED_URL"))
                        : imports.runLeased(source).switchIfEmpty(Mono.error(ApiException.conflict("Sync already in progress", "SYNC_IN_PROGRESS"))))
                .map(SyncSourceResponse::from);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
