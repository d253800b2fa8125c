package io.dropline.analytics.sdkevent;

import io.dropline.analytics.web.SpotlightSurfaces;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.SpotlightEnvelopes.Data;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The SDK's event intake ({@code POST /v1/sdk/events}); 202 because the events are processed further downstream. */
@RestController
class SdkEventController {

    private final SdkEventService service;

    SdkEventController(SdkEventService service) {
        this.service = service;
    }

    @PostMapping(path = "/v1/sdk/events", consumes = "application/json", produces = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Data<SdkEventsResponse>> report(InternalContext context, @RequestBody SdkEventBatchRequest body) {
        return service.accept(SpotlightSurfaces.sdk(context), body);
    }
}
