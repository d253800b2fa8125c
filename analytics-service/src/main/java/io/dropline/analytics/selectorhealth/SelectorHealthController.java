package io.dropline.analytics.selectorhealth;

import io.dropline.analytics.web.SpotlightSurfaces;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.SpotlightEnvelopes.Data;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Selector health of the Spotlight Admin API ({@code /v1/admin/analytics/selector-health}). */
@RestController
class SelectorHealthController {

    private final SelectorHealthService service;

    SelectorHealthController(SelectorHealthService service) {
        this.service = service;
    }

    @GetMapping(path = "/v1/admin/analytics/selector-health", produces = "application/json")
    Mono<Data<SelectorHealthResponse>> health(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.health(SpotlightSurfaces.admin(context), params);
    }
}
