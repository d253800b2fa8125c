package io.dropline.consumer.session;

import io.dropline.contracts.context.InternalContext;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Consumer auth ({@code /api/v1/auth/**}), and for the gateway the access-token JWKS ({@code /internal/jwks}) and
 * PostgreSQL's word on a session's revocation while the Redis cache of revocations is being rebuilt.
 * Bodies are JSON trees so that {@link SessionRequests} can reject wrong types instead of coercing them.
 */
@RestController
class SessionController {

    private final SessionService service;

    SessionController(SessionService service) {
        this.service = service;
    }

    @PostMapping(path = "/api/v1/auth/guest", produces = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SessionBundle> guest(InternalContext context) {
        return service.startGuest(context);
    }

    @PostMapping(path = "/api/v1/auth/external/authorize", consumes = "application/json", produces = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ExchangeCodeResponse> authorize(InternalContext context, @RequestBody JsonNode body) {
        return service.authorizeExternal(context, body);
    }

    @PostMapping(path = "/api/v1/auth/external/exchange", consumes = "application/json", produces = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SessionBundle> exchange(InternalContext context, @RequestBody JsonNode body) {
        return service.exchange(context, body);
    }

    @PostMapping(path = "/api/v1/auth/refresh", consumes = "application/json", produces = "application/json")
    Mono<SessionBundle> refresh(InternalContext context, @RequestBody JsonNode body) {
        return service.refresh(context, body);
    }

    @PostMapping("/api/v1/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(InternalContext context,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return service.logout(context, authorization);
    }

    @GetMapping(path = "/internal/sessions/{sessionId}/revocation", produces = "application/json")
    Mono<SessionRevocationResponse> revocation(InternalContext context, @PathVariable String sessionId) {
        return service.revocation(context, sessionId);
    }

    @GetMapping(path = "/internal/jwks", produces = "application/json")
    Mono<Map<String, Object>> jwks(InternalContext context) {
        return service.jwks(context);
    }
}
