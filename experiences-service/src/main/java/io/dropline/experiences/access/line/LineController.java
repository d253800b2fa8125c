package io.dropline.experiences.access.line;

import io.dropline.contracts.context.InternalContext;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A queue as consumers live it (publishable key + consumer token: enter, status, leave, a live stream) and as
 * the merchant's server controls it (secret key: admit, deny, complete, validate).
 */
@RestController
class LineController {

    private final LineService service;
    private final LineSignals signals;

    LineController(LineService service, LineSignals signals) {
        this.service = service;
        this.signals = signals;
    }

    @PostMapping(path = "/api/v1/queues/{id}/enter", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<QueueStatus> enter(InternalContext context, @PathVariable String id) {
        return service.enter(context, id);
    }

    @GetMapping(path = "/api/v1/queues/{id}/status", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<QueueStatus> status(InternalContext context, @PathVariable String id) {
        return service.status(context, id);
    }

    /** The same status as a Server-Sent Events stream ({@code Accept: text/event-stream}). */
    @GetMapping(path = "/api/v1/queues/{id}/status", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<QueueStatus>> statusStream(InternalContext context, @PathVariable String id) {
        return service.consumerOf(context)
                .zipWith(service.streamTarget(context, id))
                .flatMapMany(target -> signals.stream(target.getT2(), target.getT1()));
    }

    @PostMapping(path = "/api/v1/queues/{id}/leave", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<QueueStatus> leave(InternalContext context, @PathVariable String id) {
        return service.leave(context, id);
    }

    @PostMapping(path = "/api/v1/queues/{id}/admit", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<QueueStatus> admit(InternalContext context, @PathVariable String id, @RequestBody ConsumerAction body) {
        return service.admit(context, id, body.consumerId());
    }

    @PostMapping(path = "/api/v1/queues/{id}/deny", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<QueueStatus> deny(InternalContext context, @PathVariable String id, @RequestBody DenyAction body) {
        return service.deny(context, id, body.consumerId(), body.validReason());
    }

    @PostMapping(path = "/api/v1/queues/{id}/complete", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<QueueStatus> complete(InternalContext context, @PathVariable String id, @RequestBody GrantAction body) {
        return service.complete(context, id, body.consumerId(), body.grant());
    }

    @PostMapping(path = "/api/v1/queues/{id}/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<LineService.GrantValidation> validate(InternalContext context, @PathVariable String id, @RequestBody GrantAction body) {
        return service.validate(context, id, body.consumerId(), body.grant());
    }
}
