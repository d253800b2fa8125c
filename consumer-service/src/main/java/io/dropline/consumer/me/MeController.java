package io.dropline.consumer.me;

import io.dropline.contracts.context.InternalContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/consumers/me}: the signed-in consumer resuming their journey (Fanfare §7.3). */
@RestController
class MeController {

    private final MeService service;

    MeController(MeService service) {
        this.service = service;
    }

    @GetMapping(path = "/api/v1/consumers/me", produces = "application/json")
    Mono<MeResponse> me(InternalContext context) {
        return service.me(context);
    }
}
