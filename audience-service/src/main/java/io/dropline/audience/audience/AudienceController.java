package io.dropline.audience.audience;

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

/**
 * Audiences Admin API ({@code /api/v1/audiences}). Bodies are taken as JSON trees: the shared reader turns them into
 * {@link CreateAudienceRequest} and {@link UpdateAudienceRequest} (absent told from null), {@link MemberIds} reads members.
 */
@RestController
@RequestMapping(path = "/api/v1/audiences", produces = "application/json")
class AudienceController {

    private final AudienceService service;

    AudienceController(AudienceService service) {
        this.service = service;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AudienceResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(context, body);
    }

    @GetMapping
    Mono<ListResponse<AudienceResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(context, params);
    }

    @GetMapping("/{id}")
    Mono<AudienceResponse> get(InternalContext context, @PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        return service.get(context, id, params);
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    Mono<AudienceResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(context, id, body);
    }

    @DeleteMapping("/{id}")
    Mono<AudienceResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(context, id);
    }

    @PostMapping(path = "/{id}/members", consumes = "application/json")
    Mono<MembersAddedResponse> addMembers(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.addMembers(context, id, body);
    }

    @DeleteMapping(path = "/{id}/members", consumes = "application/json")
    Mono<MembersRemovedResponse> removeMembers(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.removeMembers(context, id, body);
    }

    @GetMapping("/{id}/members")
    Mono<ListResponse<MemberResponse>> members(InternalContext context, @PathVariable String id,
            @RequestParam MultiValueMap<String, String> params) {
        return service.members(context, id, params);
    }
}
