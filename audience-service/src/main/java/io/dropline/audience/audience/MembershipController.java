package io.dropline.audience.audience;

import io.dropline.contracts.context.InternalContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Internal (never routed by the gateway): the membership answer for peer services. */
@RestController
class MembershipController {

    private final MembershipService service;

    MembershipController(MembershipService service) {
        this.service = service;
    }

    @GetMapping(path = "/internal/audiences/{audienceId}/members/{consumerId}", produces = "application/json")
    Mono<MembershipResponse> check(InternalContext context, @PathVariable String audienceId, @PathVariable String consumerId) {
        return service.check(context, audienceId, consumerId);
    }
}
