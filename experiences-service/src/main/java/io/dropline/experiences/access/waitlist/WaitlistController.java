package io.dropline.experiences.access.waitlist;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.AdminSurface;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/waitlists} (Admin API: create, list, get, update, delete, deny, the next wave now, the CSV export;
 * Consumer API: the public view, enter, status and its event stream, leave) and the sequence's waitlist routes of the
 * Admin API seed ({@code GET /sequences/{id}/waitlist/consumers}, {@code POST /sequences/{id}/waitlist/enter}).
 */
@RestController
class WaitlistController {

    private static final String BASE = "/api/v1/waitlists";

    private final WaitlistService service;
    private final WaitlistEntries entries;
    private final WaitlistWaves waves;

    WaitlistController(WaitlistService service, WaitlistEntries entries, WaitlistWaves waves) {
        this.service = service;
        this.entries = entries;
        this.waves = waves;
    }

    @PostMapping(path = BASE, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<WaitlistResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(AdminSurface.require(context, WaitlistIds::notFound), body);
    }

    @GetMapping(path = BASE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ListResponse<WaitlistResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(AdminSurface.require(context, WaitlistIds::notFound), params);
    }

    /** Shared with the Consumer API: a publishable key gets the public view, a secret key the admin view. */
    @GetMapping(path = BASE + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<?> get(InternalContext context, @PathVariable String id) {
        return context.surface() == ApiSurface.CONSUMER ? service.get(context, id).map(WaitlistResponse.Public::of)
                : service.get(AdminSurface.require(context, WaitlistIds::notFound), id);
    }

    @PutMapping(path = BASE + "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WaitlistResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(AdminSurface.require(context, WaitlistIds::notFound), id, body);
    }

    @DeleteMapping(path = BASE + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WaitlistResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(AdminSurface.require(context, WaitlistIds::notFound), id);
    }

    /** Runs the next notification wave now (or moves a later-armed one to now). */
    @PostMapping(path = BASE + "/{id}/waves", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<WaitlistWaves.WaveResponse> wave(InternalContext context, @PathVariable String id) {
        return waves.triggerNow(AdminSurface.require(context, WaitlistIds::notFound), id, service.now());
    }

    @PostMapping(path = BASE + "/{id}/deny", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WaitlistStatus> deny(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return entries.deny(context, id, body);
    }

    /**
     * The waitlist's sign-ups as CSV ({@code text/csv}, one header line, then one line per sign-up in sign-up order),
     * streamed: each line is written as its row comes from PostgreSQL, so the export's size never sits in memory. The
     * waitlist is looked up first, so an unknown id is still the JSON 404 (nothing is written before it).
     */
    @GetMapping(path = BASE + "/{id}/consumers.csv", produces = "text/csv;charset=UTF-8")
    Flux<String> export(InternalContext context, @PathVariable String id, ServerHttpResponse response) {
        return entries.export(AdminSurface.require(context, WaitlistIds::notFound), id)
                .doOnNext(export -> response.getHeaders().setContentDisposition(
                        ContentDisposition.attachment().filename(export.filename()).build()))
                .flatMapMany(WaitlistEntries.CsvExport::lines);
    }

    // ---- Consumer API ---------------------------------------------------------------------------------------

    @PostMapping(path = BASE + "/{id}/enter", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WaitlistStatus> enter(InternalContext context, @PathVariable String id) {
        return entries.enter(context, id);
    }

    @GetMapping(path = BASE + "/{id}/status", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WaitlistStatus> status(InternalContext context, @PathVariable String id) {
        return entries.status(context, id);
    }

    @GetMapping(path = BASE + "/{id}/status", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<WaitlistStatus>> statusStream(InternalContext context, @PathVariable String id) {
        return entries.statusStream(context, id);
    }

    /** {@code DELETE} as the reference has it (§8.6), {@code POST} as every other type's leave. */
    @DeleteMapping(path = BASE + "/{id}/leave", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WaitlistEntries.LeftResponse> leave(InternalContext context, @PathVariable String id) {
        return entries.leave(context, id);
    }

    @PostMapping(path = BASE + "/{id}/leave", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WaitlistEntries.LeftResponse> leaveByPost(InternalContext context, @PathVariable String id) {
        return entries.leave(context, id);
    }

    // ---- The sequence's waitlist (Admin API seed) -----------------------------------------------------------

    @GetMapping(path = "/api/v1/sequences/{id}/waitlist/consumers", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ListResponse<WaitlistStatus>> sequenceConsumers(InternalContext context, @PathVariable String id,
            @RequestParam MultiValueMap<String, String> params) {
        return entries.sequenceConsumers(AdminSurface.require(context, () -> io.dropline.contracts.error.ApiException.notFound("Sequence")),
                id, params);
    }

    @PostMapping(path = "/api/v1/sequences/{id}/waitlist/enter", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WaitlistStatus> sequenceEnter(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return entries.enterFromServer(AdminSurface.require(context, () -> io.dropline.contracts.error.ApiException.notFound("Sequence")),
                id, body);
    }
}
