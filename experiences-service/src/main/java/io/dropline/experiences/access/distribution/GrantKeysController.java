package io.dropline.experiences.access.distribution;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The public keys that verify admission grants of every distribution type offline. {@link GrantKeysRoutes} answers
 * this path first; the mapping here documents it and takes what that route leaves (an Accept it does not match).
 */
@RestController
class GrantKeysController {

    private final Grants grants;

    GrantKeysController(Grants grants) {
        this.grants = grants;
    }

    @GetMapping(path = "/api/v1/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, Object>> jwks() {
        return grants.jwks();
    }
}
