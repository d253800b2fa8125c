package io.dropline.commerce.sync;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Sync Sources Admin API ({@code /api/v1/sync-sources}). */
@RestController
@RequestMapping(path = "/api/v1/sync-sources", produces = "application/json")
class SyncSourceController {

    private final SyncSourceService service;

    SyncSourceController(SyncSourceService service) {
        this.service = service;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SyncSourceResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(context, body);
    }

    @GetMapping("/search")
    Mono<ListResponse<SyncSourceResponse>> search(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.search(context, params);
    }

    @GetMapping("/{id}")
    Mono<SyncSourceResponse> get(InternalContext context, @PathVariable String id) {
        return service.get(context, id);
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    Mono<SyncSourceResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(context, id, body);
    }

    @DeleteMapping("/{id}")
    Mono<SyncSourceResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(context, id);
    }

    /** Fetches the sync source's feed now and imports its products; answers the sync source with the import's report. */
    @PostMapping("/{id}/sync")
    Mono<SyncSourceResponse> sync(InternalContext context, @PathVariable String id) {
        return service.sync(context, id);
    }
}
