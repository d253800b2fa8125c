package io.dropline.experiences.access.metrics;

import io.dropline.contracts.context.InternalContext;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /internal/metrics[?resource=exp_…|queue_…]}: this service's live figures for analytics-service's fan-out
 * (the metrics contract of issue 13). INTERNAL surface only; the gateway never routes {@code /internal/**}.
 */
@RestController
class MetricsController {

    private final MetricsService service;

    MetricsController(MetricsService service) {
        this.service = service;
    }

    @GetMapping(path = "/internal/metrics", produces = "application/json")
    Mono<MetricsResponse> metrics(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.metrics(context, params);
    }
}
