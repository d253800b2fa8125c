package io.dropline.analytics.query;

import io.dropline.contracts.context.InternalContext;
import java.util.Map;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Per-resource metrics (reference §9.3). The gateway routes these two paths here ahead of experiences-service's and
 * commerce-service's general routes; {@code GET /sequences/:id/metrics} stays with experiences-service.
 */
@RestController
class ResourceMetricsController {

    private final ResourceMetricsService service;

    ResourceMetricsController(ResourceMetricsService service) {
        this.service = service;
    }

    @GetMapping(path = "/api/v1/experiences/{id}/metrics", produces = "application/json")
    Mono<Map<String, Object>> experience(InternalContext context, @PathVariable String id,
            @RequestParam MultiValueMap<String, String> params) {
        return service.experience(context, id, params);
    }

    @GetMapping(path = "/api/v1/products/{id}/metrics", produces = "application/json")
    Mono<Map<String, Object>> product(InternalContext context, @PathVariable String id,
            @RequestParam MultiValueMap<String, String> params) {
        return service.product(context, id, params);
    }
}
