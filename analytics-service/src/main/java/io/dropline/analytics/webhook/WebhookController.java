package io.dropline.analytics.webhook;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Webhooks Admin API ({@code /api/v1/webhooks}, reference §10.1; docs/webhooks.md). */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = "application/json")
class WebhookController {

    private final WebhookService service;

    WebhookController(WebhookService service) {
        this.service = service;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<WebhookResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(context, body);
    }

    @GetMapping
    Mono<ListResponse<WebhookResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(context, params);
    }

    /** Literal path: wins over {@code /{id}} (and {@code events} is never a {@code whe_} id). */
    @GetMapping("/events")
    Mono<EventCatalogueResponse> events(InternalContext context) {
        return service.eventTypes(context);
    }

    @GetMapping("/{id}")
    Mono<WebhookResponse> get(InternalContext context, @PathVariable String id) {
        return service.get(context, id);
    }

    @PatchMapping(path = "/{id}", consumes = "application/json")
    Mono<WebhookResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(context, id, body);
    }

    @DeleteMapping("/{id}")
    Mono<WebhookResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(context, id);
    }

    @PostMapping("/{id}/rotate-secret")
    Mono<WebhookResponse> rotate(InternalContext context, @PathVariable String id) {
        return service.rotate(context, id);
    }

    @PostMapping(path = "/test", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Map<String, Object>> test(InternalContext context, @RequestBody JsonNode body) {
        return service.test(context, body);
    }

    @PostMapping(path = "/{id}/replay", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Map<String, Object>> replay(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.replay(context, id, body);
    }

    @GetMapping("/{id}/deliveries")
    Mono<Map<String, Object>> deliveries(InternalContext context, @PathVariable String id,
            @RequestParam MultiValueMap<String, String> params) {
        return service.deliveries(context, id, params);
    }
}
