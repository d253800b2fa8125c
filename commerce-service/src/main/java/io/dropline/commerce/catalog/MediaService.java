package io.dropline.commerce.catalog;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** A product's media assets: URLs, ordered by position, each with a purpose. */
@Service
class MediaService {

    private final MediaRepository repository;
    private final ProductRepository products;
    private final RequestBodies bodies;
    private final Clock clock;

    MediaService(MediaRepository repository, ProductRepository products, RequestBodies bodies, Clock clock,
            tools.jackson.databind.json.JsonMapper mapper, jakarta.validation.Validator validator) {
        io.dropline.commerce.common.RequestTypes.warm(mapper, validator, MediaRequests.Create.class, MediaRequests.Update.class,
                MediaRequests.Reorder.class, MediaRequests.Asset.class);
        this.repository = repository;
        this.products = products;
        this.bodies = bodies;
        this.clock = clock;
    }

    private static ApiException notFound() {
        return ApiException.notFound("Media asset");
    }

    Mono<MediaAssetResponse> create(InternalContext context, String productId, JsonNode body) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    UUID product = CatalogIds.product(productId);
                    return new Object[] {product, bodies.read(body, MediaRequests.Create.class)};
                })
                .flatMap(args -> {
                    MediaRequests.Create request = (MediaRequests.Create) args[1];
                    MediaRequests.Asset asset = request.mediaAsset().value();
                    return repository.insert(context, (UUID) args[0], Ids.newUuid(), asset.url().value().strip(), asset.type().value().strip(),
                            asset.altText().value() == null || asset.altText().value().isBlank() ? null : asset.altText().value().strip(),
                            asset.width().value(), asset.height().value(), request.purpose().value().strip(), request.position().value(),
                            clock.instant().truncatedTo(ChronoUnit.MICROS));
                })
                .switchIfEmpty(Mono.error(CatalogIds::productNotFound))
                .map(MediaAssetResponse::from);
    }

    Mono<List<MediaAssetResponse>> list(InternalContext context, String productId) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    return CatalogIds.product(productId);
                })
                .flatMap(product -> products.findById(context, product).switchIfEmpty(Mono.error(CatalogIds::productNotFound))
                        .thenMany(repository.ofProduct(context, product)).map(MediaAssetResponse::from).collectList());
    }

    Mono<MediaAssetResponse> update(InternalContext context, String productId, String assetId, JsonNode body) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    UUID product = CatalogIds.product(productId);
                    UUID asset = Ids.parse(CatalogIds.MEDIA, assetId).orElseThrow(MediaService::notFound);
                    MediaRequests.Update request = bodies.read(body, MediaRequests.Update.class);
                    return repository.update(context, product, asset, request.position().value(),
                            request.purpose().value() == null ? null : request.purpose().value().strip());
                })
                .flatMap(update -> update)
                .switchIfEmpty(Mono.error(MediaService::notFound))
                .map(MediaAssetResponse::from);
    }

    Mono<MediaAssetResponse> delete(InternalContext context, String productId, String assetId) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    return repository.delete(context, CatalogIds.product(productId),
                            Ids.parse(CatalogIds.MEDIA, assetId).orElseThrow(MediaService::notFound));
                })
                .flatMap(delete -> delete)
                .switchIfEmpty(Mono.error(MediaService::notFound))
                .map(MediaAssetResponse::from);
    }

    /** Every asset of the product named once, in the new order; anything else is a 400 and nothing moves. */
    Mono<List<MediaAssetResponse>> reorder(InternalContext context, String productId, JsonNode body) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    UUID product = CatalogIds.product(productId);
                    List<String> order = bodies.read(body, MediaRequests.Reorder.class).assetOrder().value();
                    List<UUID> ids = new ArrayList<>();
                    List<FieldError> errors = new ArrayList<>();
                    Set<UUID> seen = new HashSet<>();
                    for (int i = 0; i < order.size(); i++) {
                        UUID id = order.get(i) == null ? null : Ids.parse(CatalogIds.MEDIA, order.get(i)).orElse(null);
                        if (id == null || !seen.add(id)) {
                            errors.add(new FieldError("assetOrder[" + i + "]", id == null ? "Must be a media asset id" : "Appears more than once"));
                        }
                        ids.add(id);
                    }
                    if (!errors.isEmpty()) {
                        throw ApiException.validation(errors);
                    }
                    return java.util.Map.entry(product, ids);
                })
                .flatMap(request -> products.findById(context, request.getKey()).switchIfEmpty(Mono.error(CatalogIds::productNotFound))
                        .thenMany(repository.ofProduct(context, request.getKey())).map(MediaEntity::id).collect(java.util.stream.Collectors.toSet())
                        .flatMap(existing -> {
                            if (!existing.equals(new HashSet<>(request.getValue()))) {
                                return Mono.error(ApiException.validation("assetOrder", "Must name every media asset of the product exactly once"));
                            }
                            return repository.reorder(context, request.getKey(), request.getValue())
                                    .thenMany(repository.ofProduct(context, request.getKey())).map(MediaAssetResponse::from).collectList();
                        }));
    }
}
