package io.dropline.commerce.catalog;

import io.dropline.contracts.context.InternalContext;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Which experiences sell a product: admin routes under the product, and the internal read by experience. */
@RestController
class ExperienceLinksController {

    private final ExperienceLinks links;

    ExperienceLinksController(ExperienceLinks links) {
        this.links = links;
    }

    @PutMapping(path = "/api/v1/products/{id}/experiences/{experienceId}", produces = "application/json")
    Mono<ExperienceLinks.LinkResponse> link(InternalContext context, @PathVariable String id, @PathVariable String experienceId,
            @RequestBody(required = false) JsonNode body) {
        return links.link(context, id, experienceId, body);
    }

    @DeleteMapping(path = "/api/v1/products/{id}/experiences/{experienceId}", produces = "application/json")
    Mono<ExperienceLinks.LinkResponse> unlink(InternalContext context, @PathVariable String id, @PathVariable String experienceId) {
        return links.unlink(context, id, experienceId);
    }

    @GetMapping(path = "/api/v1/products/{id}/experiences", produces = "application/json")
    Mono<ProductController.Items<ExperienceLinks.LinkResponse>> ofProduct(InternalContext context, @PathVariable String id) {
        return links.ofProduct(context, id).map(ProductController.Items::new);
    }

    @GetMapping(path = "/internal/experiences/{experienceId}/products", produces = "application/json")
    Mono<ProductController.Items<ExperienceProductView>> ofExperience(InternalContext context, @PathVariable String experienceId) {
        return links.ofExperience(context, experienceId).map(ProductController.Items::new);
    }
}
