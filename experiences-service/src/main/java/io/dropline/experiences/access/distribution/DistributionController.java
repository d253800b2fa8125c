package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.page.ListResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Distributions Admin API ({@code /api/v1/distributions}): read-only views across distribution types. */
@RestController
@RequestMapping(path = "/api/v1/distributions", produces = "application/json")
class DistributionController {

    private final DistributionService service;

    DistributionController(DistributionService service) {
        this.service = service;
    }

    @GetMapping
    Mono<ListResponse<DistributionResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(admin(context), params);
    }

    @GetMapping("/{id}")
    Mono<DistributionResponse> get(InternalContext context, @PathVariable String id) {
        return service.get(admin(context), id);
    }

    @GetMapping("/{id}/consumers")
    Mono<ListResponse<EntryResponse>> consumers(InternalContext context, @PathVariable String id,
            @RequestParam MultiValueMap<String, String> params) {
        return service.consumers(admin(context), id, params);
    }

    private static InternalContext admin(InternalContext context) {
        return AdminSurface.require(context, () -> ApiException.notFound("Distribution"));
    }
}
