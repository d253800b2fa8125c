package io.dropline.commerce.catalog;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.QueryParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Variants of a product, their stock, and reservations taken from it through the Admin API. */
@Service
class VariantService {

    private final VariantRepository repository;
    private final ProductRepository products;
    private final Inventory inventory;
    private final RequestBodies bodies;
    private final Clock clock;

    VariantService(VariantRepository repository, ProductRepository products, Inventory inventory, RequestBodies bodies, Clock clock,
            tools.jackson.databind.json.JsonMapper mapper, jakarta.validation.Validator validator) {
        io.dropline.commerce.common.RequestTypes.warm(mapper, validator, CreateVariantRequest.class, UpdateVariantRequest.class,
                InventoryAdjustmentRequest.class, ReservationRequest.class, OptionValueRef.class);
        this.repository = repository;
        this.products = products;
        this.inventory = inventory;
        this.bodies = bodies;
        this.clock = clock;
    }

    Mono<VariantResponse> create(InternalContext context, String productId, JsonNode body) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    UUID product = CatalogIds.product(productId);
                    return Map.entry(product, bodies.read(body, CreateVariantRequest.class, VariantFields::crossChecks).toWrite());
                })
                .flatMap(request -> products.findById(context, request.getKey())
                        .switchIfEmpty(Mono.error(CatalogIds::productNotFound))
                        .then(repository.insert(context, request.getKey(), Ids.newUuid(), request.getValue(), now())))
                .onErrorMap(DataIntegrityViolationException.class, VariantService::conflict)
                .map(VariantResponse::from);
    }

    Mono<List<VariantResponse>> list(InternalContext context, String productId, MultiValueMap<String, String> params, boolean availableOnly) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    QueryParams.only(params, Set.of());
                    return CatalogIds.product(productId);
                })
                .flatMap(product -> products.findById(context, product)
                        .switchIfEmpty(Mono.error(CatalogIds::productNotFound))
                        .thenMany(repository.ofProduct(context, product, availableOnly))
                        .map(VariantResponse::from)
                        .collectList());
    }

    Mono<VariantResponse> get(InternalContext context, String productId, String variantId) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    return Map.entry(CatalogIds.product(productId), CatalogIds.variant(variantId));
                })
                .flatMap(ids -> repository.find(context, ids.getKey(), ids.getValue()))
                .switchIfEmpty(Mono.error(CatalogIds::variantNotFound))
                .map(VariantResponse::from);
    }

    Mono<VariantResponse> update(InternalContext context, String productId, String variantId, JsonNode body) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    UUID product = CatalogIds.product(productId);
                    UUID variant = CatalogIds.variant(variantId);
                    VariantFields.VariantWrite changes = bodies.read(body, UpdateVariantRequest.class, VariantFields::crossChecks).toWrite();
                    return repository.update(context, product, variant, changes, now());
                })
                .flatMap(update -> update)
                .onErrorMap(DataIntegrityViolationException.class, VariantService::conflict)
                .switchIfEmpty(Mono.error(CatalogIds::variantNotFound))
                .map(VariantResponse::from);
    }

    Mono<VariantResponse> delete(InternalContext context, String productId, String variantId) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    return repository.archive(context, CatalogIds.product(productId), CatalogIds.variant(variantId), now());
                })
                .flatMap(archive -> archive)
                .switchIfEmpty(Mono.error(CatalogIds::variantNotFound))
                .map(VariantResponse::from);
    }

    Mono<VariantResponse> adjustInventory(InternalContext context, String productId, String variantId, JsonNode body) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    UUID product = CatalogIds.product(productId);
                    UUID variant = CatalogIds.variant(variantId);
                    InventoryAdjustmentRequest request = bodies.read(body, InventoryAdjustmentRequest.class, InventoryAdjustmentRequest::crossChecks);
                    return repository.adjust(context, product, variant, request.adjustment().value(), request.quantity().value(),
                            request.inventoryTracked().value(), now());
                })
                .flatMap(adjust -> adjust)
                .onErrorMap(DataIntegrityViolationException.class, VariantService::conflict)
                .switchIfEmpty(Mono.error(CatalogIds::variantNotFound))
                .map(VariantResponse::from);
    }

    /**
     * {@code POST …/variants/{id}/reservations}: holds units for at most an hour (a cart, a payment step). 409
     * {@code SOLD_OUT} when too few are left; the 201 comes only after PostgreSQL committed the reservation.
     */
    Mono<ReservationResponse> reserve(InternalContext context, String productId, String variantId, JsonNode body) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    UUID product = CatalogIds.product(productId);
                    UUID variant = CatalogIds.variant(variantId);
                    ReservationRequest request = bodies.read(body, ReservationRequest.class);
                    Instant now = now();
                    UUID consumer = request.consumerId().value() == null ? null : Ids.parse("cons", request.consumerId().value()).orElseThrow();
                    return inventory.reserve(context, product, variant, request.quantity().value(),
                            now.plus(Duration.ofSeconds(request.expiresInSeconds().or(ReservationRequest.DEFAULT_SECONDS))), consumer,
                            Ids.newUuid(), now);
                })
                .flatMap(reserve -> reserve)
                .map(ReservationResponse::from);
    }

    Mono<ReservationResponse> getReservation(InternalContext context, String productId, String variantId, String reservationId) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    return inventory.find(context, CatalogIds.product(productId), CatalogIds.variant(variantId),
                            Ids.parse(CatalogIds.RESERVATION, reservationId).orElseThrow(CatalogIds::reservationNotFound));
                })
                .flatMap(find -> find)
                .switchIfEmpty(Mono.error(CatalogIds::reservationNotFound))
                .map(ReservationResponse::from);
    }

    /** Releases a held reservation; one that is no longer held (released, expired, committed) answers as it is. */
    Mono<ReservationResponse> release(InternalContext context, String productId, String variantId, String reservationId) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    UUID product = CatalogIds.product(productId);
                    UUID variant = CatalogIds.variant(variantId);
                    UUID reservation = Ids.parse(CatalogIds.RESERVATION, reservationId).orElseThrow(CatalogIds::reservationNotFound);
                    return inventory.find(context, product, variant, reservation)
                            .switchIfEmpty(Mono.error(CatalogIds::reservationNotFound))
                            .flatMap(found -> inventory.release(context, reservation, now()))
                            .then(inventory.find(context, product, variant, reservation));
                })
                .flatMap(release -> release)
                .map(ReservationResponse::from);
    }

    static ApiException conflict(DataIntegrityViolationException failed) {
        if (failed instanceof DuplicateKeyException) {
            return new ApiException(HttpStatus.CONFLICT, "SKU already exists in this organization", "SKU_TAKEN",
                    List.of(new FieldError("sku", "Already exists")));
        }
        // The never-oversold CHECK: the stock would fall below what is committed and reserved.
        return ApiException.conflict("Inventory cannot go below the units committed and reserved", "INSUFFICIENT_INVENTORY");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
