package io.dropline.analytics.activity;

import io.dropline.analytics.web.SpotlightSurfaces;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.SpotlightEnvelopes.Data;
import io.dropline.contracts.page.SpotlightEnvelopes.Items;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The activity (audit) log of the Spotlight Admin API ({@code /v1/admin/activity}). */
@RestController
@RequestMapping(path = "/v1/admin/activity", produces = "application/json")
class ActivityController {

    private final ActivityService service;

    ActivityController(ActivityService service) {
        this.service = service;
    }

    @GetMapping
    Mono<Data<Items<ActivityResponse>>> recent(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.recent(SpotlightSurfaces.admin(context), params);
    }

    @GetMapping("/entity/{entityType}/{entityId}")
    Mono<Data<Items<ActivityResponse>>> ofEntity(InternalContext context, @PathVariable String entityType,
            @PathVariable String entityId, @RequestParam MultiValueMap<String, String> params) {
        return service.ofEntity(SpotlightSurfaces.admin(context), entityType, entityId, params);
    }
}
