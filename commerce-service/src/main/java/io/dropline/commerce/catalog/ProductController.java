package io.dropline.commerce.catalog;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Products Admin API ({@code /api/v1/products}) with a product's variants, their inventory and reservations, and its
 * media assets. Bodies are JSON trees read by the shared {@code RequestBodies} into typed request records.
 */
@RestController
@RequestMapping(path = "/api/v1/products", produces = "application/json")
class ProductController {

    private final ProductService products;
    private final VariantService variants;
    private final MediaService media;

    ProductController(ProductService products, VariantService variants, MediaService media) {
        this.products = products;
        this.variants = variants;
        this.media = media;
    }

    /** A list of a product's parts, which are few: one page, no cursor. */
    record Items<T>(List<T> data) {
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ProductResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return products.create(context, body);
    }

    @GetMapping
    Mono<ListResponse<ProductResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return products.list(context, params);
    }

    @GetMapping("/search")
    Mono<ProductResponse> search(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return products.search(context, params);
    }

    @PostMapping(path = "/batch", consumes = "application/json")
    Mono<Items<ProductService.BatchResult>> batch(InternalContext context, @RequestBody JsonNode body) {
        return products.batch(context, body).map(Items::new);
    }

    @GetMapping("/{id}")
    Mono<ProductResponse> get(InternalContext context, @PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        return products.get(context, id, params);
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    Mono<ProductResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return products.update(context, id, body);
    }

    @DeleteMapping("/{id}")
    Mono<ProductResponse> archive(InternalContext context, @PathVariable String id) {
        return products.archive(context, id);
    }

    @PostMapping(path = "/{id}/variants", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<VariantResponse> createVariant(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return variants.create(context, id, body);
    }

    @GetMapping("/{id}/variants")
    Mono<Items<VariantResponse>> variants(InternalContext context, @PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        return variants.list(context, id, params, false).map(Items::new);
    }

    /** Variants with units left to reserve now (or untracked inventory). */
    @GetMapping("/{id}/variants/available")
    Mono<Items<VariantResponse>> available(InternalContext context, @PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        return variants.list(context, id, params, true).map(Items::new);
    }

    @GetMapping("/{id}/variants/{variantId}")
    Mono<VariantResponse> variant(InternalContext context, @PathVariable String id, @PathVariable String variantId) {
        return variants.get(context, id, variantId);
    }

    @PutMapping(path = "/{id}/variants/{variantId}", consumes = "application/json")
    Mono<VariantResponse> updateVariant(InternalContext context, @PathVariable String id, @PathVariable String variantId,
            @RequestBody JsonNode body) {
        return variants.update(context, id, variantId, body);
    }

    @DeleteMapping("/{id}/variants/{variantId}")
    Mono<VariantResponse> deleteVariant(InternalContext context, @PathVariable String id, @PathVariable String variantId) {
        return variants.delete(context, id, variantId);
    }

    @PatchMapping(path = "/{id}/variants/{variantId}/inventory", consumes = "application/json")
    Mono<VariantResponse> adjustInventory(InternalContext context, @PathVariable String id, @PathVariable String variantId,
            @RequestBody JsonNode body) {
        return variants.adjustInventory(context, id, variantId, body);
    }

    @PostMapping(path = "/{id}/variants/{variantId}/reservations", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ReservationResponse> reserve(InternalContext context, @PathVariable String id, @PathVariable String variantId,
            @RequestBody JsonNode body) {
        return variants.reserve(context, id, variantId, body);
    }

    @GetMapping("/{id}/variants/{variantId}/reservations/{reservationId}")
    Mono<ReservationResponse> reservation(InternalContext context, @PathVariable String id, @PathVariable String variantId,
            @PathVariable String reservationId) {
        return variants.getReservation(context, id, variantId, reservationId);
    }

    @DeleteMapping("/{id}/variants/{variantId}/reservations/{reservationId}")
    Mono<ReservationResponse> release(InternalContext context, @PathVariable String id, @PathVariable String variantId,
            @PathVariable String reservationId) {
        return variants.release(context, id, variantId, reservationId);
    }

    @PostMapping(path = "/{id}/media-assets", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<MediaAssetResponse> addMedia(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return media.create(context, id, body);
    }

    @GetMapping("/{id}/media-assets")
    Mono<Items<MediaAssetResponse>> media(InternalContext context, @PathVariable String id) {
        return media.list(context, id).map(Items::new);
    }

    @PutMapping(path = "/{id}/media-assets/reorder", consumes = "application/json")
    Mono<Items<MediaAssetResponse>> reorderMedia(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return media.reorder(context, id, body).map(Items::new);
    }

    @PutMapping(path = "/{id}/media-assets/{assetId}", consumes = "application/json")
    Mono<MediaAssetResponse> updateMedia(InternalContext context, @PathVariable String id, @PathVariable String assetId,
            @RequestBody JsonNode body) {
        return media.update(context, id, assetId, body);
    }

    @DeleteMapping("/{id}/media-assets/{assetId}")
    Mono<MediaAssetResponse> deleteMedia(InternalContext context, @PathVariable String id, @PathVariable String assetId) {
        return media.delete(context, id, assetId);
    }
}
