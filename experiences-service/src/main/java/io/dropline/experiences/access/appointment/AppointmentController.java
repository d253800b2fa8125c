package io.dropline.experiences.access.appointment;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.AdminSurface;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
 * {@code /api/v1/appointments}: the Admin API (secret key: create, list, get, update, delete; a slot list with counts,
 * a slot's attendees, removing one) and the Consumer API (publishable key: the public view and the slots; with a
 * consumer token: book, me, reschedule, cancel). Bodies are JSON trees read by the shared {@code RequestBodies}.
 */
@RestController
@RequestMapping(path = "/api/v1/appointments", produces = MediaType.APPLICATION_JSON_VALUE)
class AppointmentController {

    private final AppointmentService service;
    private final Bookings bookings;

    AppointmentController(AppointmentService service, Bookings bookings) {
        this.service = service;
        this.bookings = bookings;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AppointmentResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(admin(context), body);
    }

    @GetMapping
    Mono<ListResponse<AppointmentResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(admin(context), params);
    }

    /** Shared with the Consumer API: a publishable key gets the public view, a secret key the admin view. */
    @GetMapping("/{id}")
    Mono<?> get(InternalContext context, @PathVariable String id) {
        return context.surface() == ApiSurface.CONSUMER ? bookings.publicView(context, id) : service.get(admin(context), id);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<AppointmentResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(admin(context), id, body);
    }

    @DeleteMapping("/{id}")
    Mono<AppointmentResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(admin(context), id);
    }

    /** Shared: a consumer sees the slots not started yet; the admin every slot of the dates and its booked count. */
    @GetMapping("/{id}/slots")
    Mono<SlotView.Slots> slots(InternalContext context, @PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        boolean consumer = context.surface() == ApiSurface.CONSUMER;
        InternalContext caller = consumer ? context : admin(context);
        return Mono.fromSupplier(() -> SlotQuery.parse(params)).flatMap(query -> bookings.slots(caller, id, query, !consumer));
    }

    @GetMapping("/{id}/slots/{slotId}/attendees")
    Mono<ListResponse<BookingView.Attendee>> attendees(InternalContext context, @PathVariable String id, @PathVariable String slotId) {
        return bookings.attendees(admin(context), id, slotId);
    }

    @DeleteMapping("/{id}/slots/{slotId}/attendees/{consumerId}")
    Mono<BookingView> removeAttendee(InternalContext context, @PathVariable String id, @PathVariable String slotId,
            @PathVariable String consumerId) {
        return bookings.remove(admin(context), id, slotId, consumerId);
    }

    // ---- Consumer API ---------------------------------------------------------------------------------------

    @PostMapping(path = "/{id}/book", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<BookingView> book(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return bookings.book(context, id, body);
    }

    @GetMapping("/{id}/me")
    Mono<BookingView.Mine> me(InternalContext context, @PathVariable String id) {
        return bookings.mine(context, id);
    }

    @PostMapping(path = "/{id}/reschedule", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<BookingView.Rescheduled> reschedule(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return bookings.reschedule(context, id, body);
    }

    /** {@code POST} (current) or {@code DELETE} (legacy), with an optional body {@code { reason }}. */
    @PostMapping("/{id}/cancel")
    Mono<BookingView> cancel(InternalContext context, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
        return bookings.cancel(context, id, body);
    }

    @DeleteMapping("/{id}/cancel")
    Mono<BookingView> cancelLegacy(InternalContext context, @PathVariable String id) {
        return bookings.cancel(context, id, null);
    }

    private static InternalContext admin(InternalContext context) {
        return AdminSurface.require(context, AppointmentIds::notFound);
    }
}
