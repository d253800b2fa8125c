package io.dropline.commerce.catalog;

import io.dropline.commerce.common.AdminOnly;
import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListQuery;
import io.dropline.contracts.page.ListResponse;
import io.dropline.contracts.web.QueryParams;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The Products Admin API: single and batch writes (with the upsert rule), search, lists with relations. */
@Service
public class ProductService {

    static final int MAX_BATCH = 100;

    private final ProductRepository repository;
    private final VariantRepository variants;
    private final MediaRepository media;
    private final CursorCodec cursors;
    private final RequestBodies bodies;
    private final Clock clock;

    ProductService(ProductRepository repository, VariantRepository variants, MediaRepository media, CursorCodec cursors,
            RequestBodies bodies, Clock clock, tools.jackson.databind.json.JsonMapper mapper, jakarta.validation.Validator validator) {
        io.dropline.commerce.common.RequestTypes.warm(mapper, validator, CreateProductRequest.class, UpdateProductRequest.class,
                BatchProductItem.class, SyncRefRequest.class);
        this.repository = repository;
        this.variants = variants;
        this.media = media;
        this.cursors = cursors;
        this.bodies = bodies;
        this.clock = clock;
    }

    static InternalContext admin(InternalContext context) {
        return AdminOnly.require(context, CatalogIds::productNotFound);
    }

    Mono<ProductResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> {
                    admin(context);
                    return bodies.read(body, CreateProductRequest.class, ProductFields::crossChecks);
                })
                .flatMap(request -> createOrUpsert(context, request.toWrite()))
                .map(upserted -> ProductResponse.from(upserted.product()));
    }

    /**
     * The write behind create, batch create and feed imports: a new product, or with a primary sync source the
     * tenant's product of that key updated. Public for the sync package's feed import.
     */
    public Mono<Boolean> upsertFromFeed(InternalContext context, ProductFields.ProductWrite fields) {
        return createOrUpsert(context, fields).map(ProductRepository.Upserted::created);
    }

    Mono<ProductRepository.Upserted> createOrUpsert(InternalContext context, ProductFields.ProductWrite fields) {
        return repository.create(context, Ids.newUuid(), Ids.newUuid(), fields, now())
                .onErrorMap(DataIntegrityViolationException.class, ProductService::conflict);
    }

    Mono<ProductResponse> get(InternalContext context, String id, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> {
                    admin(context);
                    QueryParams query = QueryParams.only(params, Set.of("include"));
                    List<FieldError> errors = new ArrayList<>();
                    Set<String> include = ProductRepository.includes(query.get("include"), errors);
                    if (!errors.isEmpty()) {
                        throw ApiException.validation(errors);
                    }
                    // The single product shows its media by default (reference §3.3).
                    return include == null ? Set.of("mediaAssets") : include;
                })
                .flatMap(include -> repository.findById(context, CatalogIds.product(id))
                        .switchIfEmpty(Mono.error(CatalogIds::productNotFound))
                        .flatMap(product -> withRelations(context, List.of(product), include)))
                .map(products -> products.get(0));
    }

    Mono<ProductResponse> search(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> {
                    admin(context);
                    QueryParams query = QueryParams.only(params, Set.of("syncSource", "syncSourceId"));
                    List<FieldError> errors = new ArrayList<>();
                    if (query.get("syncSource") == null || query.get("syncSource").isBlank()) {
                        errors.add(new FieldError("syncSource", "Required"));
                    }
                    if (query.get("syncSourceId") == null || query.get("syncSourceId").isBlank()) {
                        errors.add(new FieldError("syncSourceId", "Required"));
                    }
                    if (!errors.isEmpty()) {
                        throw ApiException.validation(errors);
                    }
                    return query;
                })
                .flatMap(query -> repository.findBySync(context, query.get("syncSource").strip(), query.get("syncSourceId").strip()))
                .switchIfEmpty(Mono.error(CatalogIds::productNotFound))
                .flatMap(product -> withRelations(context, List.of(product), Set.of("variants", "mediaAssets")))
                .map(products -> products.get(0));
    }

    Mono<ProductResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> {
                    admin(context);
                    UUID uuid = CatalogIds.product(id);
                    return Map.entry(uuid, bodies.read(body, UpdateProductRequest.class, ProductFields::crossChecks).toWrite());
                })
                .flatMap(change -> repository.update(context, change.getKey(), Ids.newUuid(), change.getValue(), now()))
                .onErrorMap(DataIntegrityViolationException.class, ProductService::conflict)
                .switchIfEmpty(Mono.error(CatalogIds::productNotFound))
                .map(ProductResponse::from);
    }

    Mono<ProductResponse> archive(InternalContext context, String id) {
        return Mono.fromSupplier(() -> {
                    admin(context);
                    return CatalogIds.product(id);
                })
                .flatMap(uuid -> repository.archive(context, uuid, now()))
                .switchIfEmpty(Mono.error(CatalogIds::productNotFound))
                .map(ProductResponse::from);
    }

    Mono<ListResponse<ProductResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> {
                    admin(context);
                    return ProductRepository.LIST.parse(params);
                })
                .flatMap(query -> page(context, query));
    }

    private Mono<ListResponse<ProductResponse>> page(InternalContext context, ListQuery<ProductEntity> query) {
        Set<String> include = query.value(ProductRepository.INCLUDE);
        var keyset = query.keyset(cursors, KeysetList.tenant("products", context));
        return keyset.page(repository.page(context, keyset), product -> product)
                .flatMap(page -> withRelations(context, page.data(), include == null ? Set.of() : include)
                        .map(data -> new ListResponse<>(data, page.pageInfo())));
    }

    /** The products with their variants and media when asked for: two queries for the whole page, not one per product. */
    private Mono<List<ProductResponse>> withRelations(InternalContext context, List<ProductEntity> products, Set<String> include) {
        List<UUID> ids = products.stream().map(ProductEntity::id).toList();
        Mono<Map<UUID, List<VariantResponse>>> variantsOf = include.contains("variants") && !ids.isEmpty()
                ? variants.ofProducts(context, ids).collect(Collectors.groupingBy(VariantEntity::productId,
                        Collectors.mapping(VariantResponse::from, Collectors.toList())))
                : Mono.just(Map.of());
        Mono<Map<UUID, List<MediaAssetResponse>>> mediaOf = include.contains("mediaAssets") && !ids.isEmpty()
                ? media.ofProducts(ids).collect(Collectors.groupingBy(MediaEntity::productId,
                        Collectors.mapping(MediaAssetResponse::from, Collectors.toList())))
                : Mono.just(Map.of());
        return Mono.zip(variantsOf, mediaOf).map(both -> products.stream()
                .map(product -> ProductResponse.from(product,
                        include.contains("variants") ? both.getT1().getOrDefault(product.id(), List.of()) : null,
                        include.contains("mediaAssets") ? both.getT2().getOrDefault(product.id(), List.of()) : null))
                .toList());
    }

    /** One result of a batch item: created, updated, or failed with its errors; the others go on regardless. */
    record BatchResult(int index, String status, ProductResponse product, String error, String code, List<FieldError> details) {
    }

    /**
     * {@code POST /products/batch}: up to 100 items, each created or updated in its own statement, so one bad item
     * fails alone. Items are written one after another, in order, so an item may update what an earlier one made.
     */
    Mono<List<BatchResult>> batch(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> {
                    admin(context);
                    return items(body);
                })
                .flatMapMany(items -> Flux.range(0, items.size()).concatMap(index -> item(context, index, items.get(index))))
                .collectList();
    }

    private static List<JsonNode> items(JsonNode body) {
        JsonNode array = body != null && body.isObject() && body.size() == 1 && body.has("products") ? body.get("products") : body;
        if (array == null || !array.isArray()) {
            throw ApiException.validation("products", "Must be an array of products, or an object {\"products\": [...]}");
        }
        if (array.isEmpty()) {
            throw ApiException.validation("products", "Must contain at least one product");
        }
        if (array.size() > MAX_BATCH) {
            throw ApiException.validation("products", "Max batch size is " + MAX_BATCH);
        }
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes;
    }

    private Mono<BatchResult> item(InternalContext context, int index, JsonNode node) {
        List<FieldError> errors = new ArrayList<>();
        BatchProductItem item = bodies.read(node, BatchProductItem.class, "products[" + index + "]", BatchProductItem::crossChecks, errors);
        if (!errors.isEmpty() || item == null) {
            return Mono.just(new BatchResult(index, "failed", null, "Validation failed", null, errors));
        }
        Mono<BatchResult> write = item.id().hasValue()
                ? repository.update(context, Ids.parse(CatalogIds.PRODUCT, item.id().value()).orElseThrow(), Ids.newUuid(), item.toWrite(), now())
                        .onErrorMap(DataIntegrityViolationException.class, ProductService::conflict)
                        .map(product -> new BatchResult(index, "updated", ProductResponse.from(product), null, null, null))
                        .switchIfEmpty(Mono.fromSupplier(() -> new BatchResult(index, "failed", null, "Product not found", null, null)))
                : createOrUpsert(context, item.toWrite())
                        .map(upserted -> new BatchResult(index, upserted.created() ? "created" : "updated",
                                ProductResponse.from(upserted.product()), null, null, null));
        return write.onErrorResume(ApiException.class, failed -> Mono.just(new BatchResult(index, "failed", null, failed.getMessage(),
                failed.code(), failed.details() == null || failed.details().isEmpty() ? null : failed.details())));
    }

    static ApiException conflict(DataIntegrityViolationException failed) {
        if (failed instanceof DuplicateKeyException) {
            return new ApiException(HttpStatus.CONFLICT, "Another product already has this sync source", "SYNC_SOURCE_TAKEN");
        }
        return new ApiException(HttpStatus.BAD_REQUEST, "Validation failed", null, List.of(new FieldError("body", "Violates a constraint")));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
