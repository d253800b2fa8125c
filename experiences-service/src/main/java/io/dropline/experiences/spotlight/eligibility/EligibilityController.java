package io.dropline.experiences.spotlight.eligibility;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.SpotlightEnvelopes;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Spotlight SDK API: {@code POST /v1/sdk/eligible} (publishable key). */
@RestController
class EligibilityController {

    private final EligibilityService service;

    EligibilityController(EligibilityService service) {
        this.service = service;
    }

    @PostMapping(path = "/v1/sdk/eligible", consumes = "application/json", produces = "application/json")
    Mono<SpotlightEnvelopes.Data<EligibleResponse>> eligible(InternalContext context, @RequestBody JsonNode body) {
        return service.eligible(context, body).map(SpotlightEnvelopes::data);
    }
}
