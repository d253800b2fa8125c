package io.dropline.commerce.catalog;

import io.dropline.contracts.context.InternalContext;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Variant options ({@code /api/v1/variant-options}) and a product's option assignments. */
@RestController
class VariantOptionsController {

    private final VariantOptions options;

    VariantOptionsController(VariantOptions options) {
        this.options = options;
    }

    @PostMapping(path = "/api/v1/variant-options", consumes = "application/json", produces = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<VariantOptions.OptionView> create(InternalContext context, @RequestBody JsonNode body) {
        return options.create(context, body);
    }

    @GetMapping(path = "/api/v1/variant-options", produces = "application/json")
    Mono<ProductController.Items<VariantOptions.OptionView>> list(InternalContext context) {
        return options.list(context).map(ProductController.Items::new);
    }

    @GetMapping(path = "/api/v1/variant-options/{id}", produces = "application/json")
    Mono<VariantOptions.OptionView> get(InternalContext context, @PathVariable String id) {
        return options.get(context, id);
    }

    @DeleteMapping(path = "/api/v1/variant-options/{id}", produces = "application/json")
    Mono<VariantOptions.OptionView> delete(InternalContext context, @PathVariable String id) {
        return options.delete(context, id);
    }

    @GetMapping(path = "/api/v1/products/{id}/variant-options", produces = "application/json")
    Mono<VariantOptions.Assignments> ofProduct(InternalContext context, @PathVariable String id) {
        return options.ofProduct(context, id);
    }

    @PostMapping(path = "/api/v1/products/{id}/variant-options", consumes = "application/json", produces = "application/json")
    Mono<VariantOptions.Assignments> assign(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return options.assign(context, id, body);
    }

    @DeleteMapping(path = "/api/v1/products/{id}/variant-options/{optionId}", produces = "application/json")
    Mono<VariantOptions.Assignments> unassign(InternalContext context, @PathVariable String id, @PathVariable String optionId) {
        return options.unassign(context, id, optionId);
    }
}
