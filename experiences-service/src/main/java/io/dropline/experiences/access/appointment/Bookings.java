package io.dropline.experiences.access.appointment;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.AccessMeters;
import io.dropline.experiences.access.distribution.DistributionEvents;
import io.dropline.experiences.access.distribution.DistributionTimers;
import io.dropline.experiences.access.distribution.EntryRules;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appointments as consumers live them (book, see their booking, reschedule, cancel) and as an admin manages a slot's
 * attendees. Every change is one PostgreSQL transaction, committed before the answer: the slot count
 * ({@link BookingRepository#takeSeat}), the booking row, the outbox events and the reminder timers together, so a
 * slot is never booked beyond its capacity on any number of replicas and a failed step changes nothing.
 *
 * <p>Events (outbox, for webhooks and analytics): {@code appointment.booked} and {@code appointment.confirmed} (the
 * confirmation) on booking, {@code appointment.rescheduled}, {@code appointment.cancelled} (by the consumer, or
 * {@code reason: REMOVED_BY_ADMIN}), and {@code appointment.reminder} ({@code reminder: "24h"} or {@code "1h"}) from the
 * per-slot timers, once per booking.
 */
@Service
public class Bookings {

    static final String ID_FIELD = "appointmentId";
    static final String REMIND_24H = "remind-24h@";
    static final String REMIND_1H = "remind-1h@";
    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final AppointmentService appointments;
    private final AppointmentRepository repository;
    private final LocationRepository locations;
    private final BookingRepository bookings;
    private final DistributionEvents events;
    private final DistributionTimers timers;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;
    private final AccessMeters meters;

    Bookings(AppointmentService appointments, AppointmentRepository repository, LocationRepository locations, BookingRepository bookings,
            DistributionEvents events, DistributionTimers timers, TransactionalOperator transaction, RequestBodies bodies,
            AccessMeters meters) {
        this.appointments = appointments;
        this.meters = meters;
        this.repository = repository;
        this.locations = locations;
        this.bookings = bookings;
        this.events = events;
        this.timers = timers;
        this.transaction = transaction;
        this.bodies = bodies;
        // Jackson builds a type's deserializer under a lock on its first use: the first burst of bookings would wait on
        // that lock on event loops (BlockHound refuses it, and the wait is real). Built here, at start, instead.
        for (Class<?> type : List.of(BookingRequests.Book.class, BookingRequests.Reschedule.class, BookingRequests.Cancel.class)) {
            try {
                bodies.read(JsonMapper.shared().createObjectNode(), type);
            } catch (ApiException expected) {
                // an empty body is invalid for most of them; only the deserializer was wanted
            }
        }
    }

    /** An appointment with its location, as every booking route needs them. */
    record Target(AppointmentEntity appointment, LocationEntity location) {

        SlotSchedule schedule() {
            return new SlotSchedule(location.zone(), location.hours(), Duration.ofMinutes(appointment.slotDurationMinutes()),
                    Duration.ofMinutes(appointment.bufferMinutes()));
        }

        /** The zone the appointment shows times in: its own, else its location's. */
        String zone() {
            return appointment.timeZone() != null ? appointment.timeZone() : location.timeZone();
        }
    }

    Mono<Target> target(InternalContext context, String id) {
        return appointments.entity(context, id)
                .flatMap(appointment -> locations.findAnyById(appointment.locationId()).map(location -> new Target(appointment, location)));
    }

    /** {@code GET /appointments/{id}} for a publishable key: public fields, the zone always set. */
    Mono<AppointmentResponse.Public> publicView(InternalContext context, String id) {
        return target(context, id).map(target -> AppointmentResponse.Public.of(
                AppointmentResponse.from(target.appointment(), appointments.now()), target.zone(), target.location().name()));
    }

    // ---- Book -----------------------------------------------------------------------------------------------

    /**
     * Books the slot for the consumer: 401 without a consumer token, 403 for a guest unless {@code supportsGuest}, 423
     * before openAt, 400 after close, 400 for a slot that is not on the schedule, 409 {@code SLOT_UNAVAILABLE} for one
     * that has started, 409 {@code ALREADY_BOOKED} when the consumer holds a booking of this appointment, 409
     * {@code SLOT_FULL} when its capacity is taken.
     */
    Mono<BookingView> book(InternalContext context, String id, JsonNode body) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> Mono.fromSupplier(() -> bodies.read(body, BookingRequests.Book.class))
                        .flatMap(request -> target(context, id).flatMap(target -> {
                            Instant now = appointments.now();
                            refuseEntry(context, target, now);
                            requireLocation(target, request.locationId().value(), "locationId");
                            SlotSchedule.SlotTime slot = bookableSlot(target, request.slotId().value(), "slotId", now);
                            // A full slot answers from a plain read, without queueing on the slot row's lock (a burst
                            // for a hot slot); a seat that looks free is still taken only by the conditional upsert.
                            return bookings.booked(target.appointment().id(), slot.start())
                                    .flatMap(booked -> booked >= target.appointment().maxCapacityPerSlot() ? Mono.error(slotFull())
                                            : insertBooking(context, target, consumer, slot, now));
                        })));
    }

    private Mono<BookingEntity> insertRow(InternalContext context, AppointmentEntity appointment, UUID consumer, SlotSchedule.SlotTime slot,
            Instant now) {
        return bookings.lockBooked(appointment.id(), consumer)
                .flatMap(existing -> Mono.<BookingEntity>error(alreadyBooked()))
                .switchIfEmpty(Mono.defer(() -> bookings.takeSeat(appointment.id(), slot.start(), appointment.maxCapacityPerSlot())
                        .switchIfEmpty(Mono.error(Bookings::slotFull))
                        .then(bookings.insert(context, Ids.newUuid(), appointment.id(), consumer, slot.start(), slot.end(), confirmationCode(),
                                now))))
                .flatMap(booking -> announceBooked(appointment, booking, now)
                        .then(armReminders(appointment, booking.slotStart(), now))
                        .thenReturn(booking))
                .as(transaction::transactional)
                .doOnNext(committed -> meters.entered(AppointmentIds.TYPE, 1))
                // Two requests of one consumer raced past the check: the partial unique index refuses the second.
                .onErrorMap(DuplicateKeyException.class, raced -> alreadyBooked());
    }

    private Mono<BookingView> insertBooking(InternalContext context, Target target, UUID consumer, SlotSchedule.SlotTime slot, Instant now) {
        return insertRow(context, target.appointment(), consumer, slot, now).map(booking -> BookingView.of(booking, target.location()));
    }

    private Mono<Void> announceBooked(AppointmentEntity appointment, BookingEntity booking, Instant now) {
        Map<String, Object> booked = payload(booking);
        booked.put("bookedAt", now.toString());
        Map<String, Object> confirmed = payload(booking);
        confirmed.put("confirmedAt", now.toString());
        return events.consumers(EventTypes.APPOINTMENT_BOOKED, appointment.ref(), ID_FIELD, List.of(booked), now)
                .then(events.consumers(EventTypes.APPOINTMENT_CONFIRMED, appointment.ref(), ID_FIELD, List.of(confirmed), now));
    }

    // ---- The consumer's booking -----------------------------------------------------------------------------

    /** {@code GET /appointments/{id}/me}: the consumer's latest booking of it (BOOKED, or how it ended), or null. */
    Mono<BookingView.Mine> mine(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> target(context, id).flatMap(target -> bookings.latest(target.appointment().id(), consumer)
                        .map(booking -> new BookingView.Mine(BookingView.of(booking, target.location())))
                        .defaultIfEmpty(new BookingView.Mine(null))));
    }

    /**
     * Moves the consumer's booking to another slot in one transaction: the new slot's seat is taken and the old one
     * given back together, so the consumer never holds two slots, and a full new slot (409 {@code SLOT_FULL}) rolls
     * everything back and leaves the old booking as it was. 404 {@code BOOKING_NOT_FOUND} without a booking.
     */
    Mono<BookingView.Rescheduled> reschedule(InternalContext context, String id, JsonNode body) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> Mono.fromSupplier(() -> bodies.read(body, BookingRequests.Reschedule.class))
                        .flatMap(request -> target(context, id).flatMap(target -> {
                            Instant now = appointments.now();
                            refuseEntry(context, target, now);
                            requireLocation(target, request.newLocationId().value(), "newLocationId");
                            SlotSchedule.SlotTime slot = bookableSlot(target, request.newSlotId().value(), "newSlotId", now);
                            return move(target.appointment(), consumer, slot, now);
                        })));
    }

    private Mono<BookingView.Rescheduled> move(AppointmentEntity appointment, UUID consumer, SlotSchedule.SlotTime slot, Instant now) {
        return bookings.lockBooked(appointment.id(), consumer)
                .switchIfEmpty(Mono.error(Bookings::bookingNotFound))
                .flatMap(current -> current.slotStart().equals(slot.start())
                        ? Mono.just(rescheduled(current, current))
                        : swapSeats(appointment, current, slot.start())
                                .then(bookings.move(current.id(), slot.start(), slot.end(), now))
                                .flatMap(moved -> announceRescheduled(appointment, current, moved, now)
                                        .then(armReminders(appointment, moved.slotStart(), now))
                                        .thenReturn(rescheduled(current, moved))))
                .as(transaction::transactional);
    }

    /**
     * Takes the new slot's seat and gives the old one back, the earlier slot's row first: two consumers swapping
     * slots lock the two rows in the same order and cannot deadlock.
     */
    private Mono<Void> swapSeats(AppointmentEntity appointment, BookingEntity current, Instant newStart) {
        Mono<Void> take = Mono.defer(() -> bookings.takeSeat(appointment.id(), newStart, appointment.maxCapacityPerSlot())
                .switchIfEmpty(Mono.error(Bookings::slotFull))
                .then());
        Mono<Void> release = Mono.defer(() -> bookings.releaseSeat(appointment.id(), current.slotStart()));
        return newStart.isBefore(current.slotStart()) ? take.then(release) : release.then(take);
    }

    private static BookingView.Rescheduled rescheduled(BookingEntity previous, BookingEntity moved) {
        return new BookingView.Rescheduled(moved.publicId(), previous.slotId(), moved.slotId(), moved.confirmationCode(), moved.status(),
                moved.slotStart(), moved.slotEnd());
    }

    private Mono<Void> announceRescheduled(AppointmentEntity appointment, BookingEntity previous, BookingEntity moved, Instant now) {
        Map<String, Object> data = payload(moved);
        data.put("previousSlotId", previous.slotId());
        data.put("previousStartTime", previous.slotStart().toString());
        data.put("rescheduledAt", now.toString());
        return events.consumers(EventTypes.APPOINTMENT_RESCHEDULED, appointment.ref(), ID_FIELD, List.of(data), now);
    }

    /** Cancels the consumer's booking and frees its seat; 404 {@code BOOKING_NOT_FOUND} without one. Allowed at any time. */
    Mono<BookingView> cancel(InternalContext context, String id, JsonNode body) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> Mono.fromSupplier(() -> body == null || body.isNull() || body.isMissingNode()
                                ? new BookingRequests.Cancel(io.dropline.contracts.body.Tristate.absent())
                                : bodies.read(body, BookingRequests.Cancel.class))
                        .flatMap(request -> target(context, id).flatMap(target -> bookings.lockBooked(target.appointment().id(), consumer)
                                .switchIfEmpty(Mono.error(Bookings::bookingNotFound))
                                .flatMap(booking -> end(target.appointment(), booking, BookingEntity.CANCELLED, request.reasonOrNull()))
                                .as(transaction::transactional)
                                .map(booking -> BookingView.of(booking, target.location())))));
    }

    private Mono<BookingEntity> end(AppointmentEntity appointment, BookingEntity booking, String status, String reason) {
        Instant now = appointments.now();
        return bookings.end(booking.id(), status, reason, now)
                .flatMap(ended -> bookings.releaseSeat(appointment.id(), ended.slotStart())
                        .then(Mono.defer(() -> {
                            Map<String, Object> data = payload(ended);
                            data.put("cancelledAt", now.toString());
                            data.put("reason", reason);
                            data.put("cancelledBy", status.equals(BookingEntity.REMOVED) ? "admin" : "consumer");
                            return events.consumers(EventTypes.APPOINTMENT_CANCELLED, appointment.ref(), ID_FIELD, List.of(data), now);
                        }))
                        .thenReturn(ended));
    }

    // ---- Slots ----------------------------------------------------------------------------------------------

    /**
     * The slots starting on the location's local dates {@code startDate} to {@code endDate} (at most
     * {@link SlotQuery#MAX_DAYS} days): for a consumer only those not started yet; the admin also sees past ones and
     * each slot's {@code booked} count.
     */
    Mono<SlotView.Slots> slots(InternalContext context, String id, SlotQuery query, boolean admin) {
        return target(context, id).flatMap(target -> {
            Instant now = appointments.now();
            List<SlotSchedule.SlotTime> times = target.schedule().between(query.startDate(), query.endDate()).stream()
                    .filter(slot -> admin || slot.start().isAfter(now))
                    .toList();
            if (times.isEmpty()) {
                return Mono.just(new SlotView.Slots(List.of()));
            }
            java.time.ZoneId shown = query.zone() != null ? query.zone() : target.location().zone();
            int capacity = target.appointment().maxCapacityPerSlot();
            return bookings.counts(target.appointment().id(), times.get(0).start(), times.get(times.size() - 1).start().plusSeconds(1))
                    .map(counts -> new SlotView.Slots(times.stream().map(slot -> {
                        int booked = counts.getOrDefault(slot.start(), 0);
                        return new SlotView(AppointmentIds.slotId(target.appointment().id(), slot.start()),
                                SlotQuery.format(slot.start(), shown), SlotQuery.format(slot.end(), shown), capacity,
                                Math.max(0, capacity - booked), admin ? booked : null, target.location().publicId(),
                                target.location().name(), shown.getId());
                    }).toList()));
        });
    }

    /** The BOOKED attendees of a slot (admin); 404 for a slot id that is not this appointment's. */
    Mono<io.dropline.contracts.page.ListResponse<BookingView.Attendee>> attendees(InternalContext context, String id, String slotId) {
        return appointments.entity(context, id)
                .flatMap(appointment -> Mono.justOrEmpty(AppointmentIds.slotStart(appointment.id(), slotId))
                        .switchIfEmpty(Mono.error(AppointmentIds::slotNotFound))
                        .flatMap(start -> bookings.attendees(appointment.id(), start).map(BookingView.Attendee::of).collectList()))
                .map(list -> new io.dropline.contracts.page.ListResponse<>(list,
                        new io.dropline.contracts.page.PageInfo(null, null, false, false)));
    }

    /** An admin removes a consumer's booking of a slot (REMOVED); the seat is freed. 404 when they hold none there. */
    Mono<BookingView> remove(InternalContext context, String id, String slotId, String consumerId) {
        return target(context, id)
                .flatMap(target -> {
                    Instant start = AppointmentIds.slotStart(target.appointment().id(), slotId).orElseThrow(AppointmentIds::slotNotFound);
                    UUID consumer = Ids.parse("cons", consumerId).orElseThrow(Bookings::bookingNotFound);
                    return bookings.lockBookedInSlot(target.appointment().id(), start, consumer)
                            .switchIfEmpty(Mono.error(Bookings::bookingNotFound))
                            .flatMap(booking -> end(target.appointment(), booking, BookingEntity.REMOVED, "REMOVED_BY_ADMIN"))
                            .as(transaction::transactional)
                            .map(booking -> BookingView.of(booking, target.location()));
                });
    }

    // ---- Reminders and participations -----------------------------------------------------------------------

    /**
     * Arms the slot's two reminder jobs (24 h and 1 h before its start) when they are still ahead. One job per slot
     * and kind, shared by its bookings: arming again is a no-op, and a job that ran is not re-armed for a past time.
     */
    private Mono<Void> armReminders(AppointmentEntity appointment, Instant start, Instant now) {
        Instant day = start.minus(Duration.ofHours(24));
        Instant hour = start.minus(Duration.ofHours(1));
        return (day.isAfter(now) ? timers.arm(AppointmentIds.TYPE, appointment.id(), REMIND_24H + start.getEpochSecond(), day) : Mono.<Void>empty())
                .then(hour.isAfter(now) ? timers.arm(AppointmentIds.TYPE, appointment.id(), REMIND_1H + start.getEpochSecond(), hour)
                        : Mono.<Void>empty());
    }

    /**
     * A reminder job ran: the slot's BOOKED bookings not yet reminded are marked and get one {@code appointment.reminder}
     * each, in the job's transaction (so with its done mark, exactly once across replicas).
     */
    Mono<Void> remind(AppointmentEntity appointment, String kind, Instant at) {
        boolean day = kind.startsWith(REMIND_24H);
        Instant start = Instant.ofEpochSecond(Long.parseLong(kind.substring((day ? REMIND_24H : REMIND_1H).length())));
        return bookings.markReminded(appointment.id(), start, day ? "reminded_24h_at" : "reminded_1h_at", at)
                .map(booking -> {
                    Map<String, Object> data = payload(booking);
                    data.put("reminder", day ? "24h" : "1h");
                    data.put("remindedAt", at.toString());
                    return data;
                })
                .collectList()
                .flatMap(payloads -> payloads.isEmpty() ? Mono.empty()
                        : events.consumers(EventTypes.APPOINTMENT_REMINDER, appointment.ref(), ID_FIELD, payloads, at));
    }

    /** The consumer's upcoming bookings in the caller's tenant, for {@code /consumers/me}. */
    public Flux<Active> activeOf(InternalContext context, UUID consumer, int limit) {
        return bookings.upcomingOf(context, consumer, appointments.now(), limit)
                .concatMap(booking -> repository.findAnyById(booking.appointmentId())
                        .flatMap(appointment -> locations.findAnyById(appointment.locationId())
                                .map(location -> new Active(JsonMapper.shared().valueToTree(BookingView.of(booking, location)),
                                        Ids.format("exp", appointment.experienceId()), Ids.format("seq", appointment.sequenceId())))));
    }

    /** A live booking (its {@link BookingView} as JSON) and where its appointment sits. */
    public record Active(JsonNode booking, String experienceId, String sequenceId) {
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    private static void refuseEntry(InternalContext context, Target target, Instant now) {
        ApiException refused = EntryRules.refusal(context, target.appointment().lifecycle(), target.appointment().supportsGuest(), now,
                "Appointment", "APPOINTMENT");
        if (refused != null) {
            throw refused;
        }
    }

    /** A {@code locationId} sent with a booking must be the appointment's (one location per appointment). */
    private static void requireLocation(Target target, String locationId, String field) {
        if (locationId != null && !locationId.strip().equals(target.location().publicId())) {
            throw ApiException.validation(field, "Must be this appointment's location (" + target.location().publicId() + ")");
        }
    }

    /** The slot a body names, on the schedule now and not started yet. */
    private static SlotSchedule.SlotTime bookableSlot(Target target, String slotId, String field, Instant now) {
        SlotSchedule.SlotTime slot = AppointmentIds.slotStart(target.appointment().id(), slotId.strip())
                .flatMap(start -> target.schedule().at(start))
                .orElseThrow(() -> ApiException.validation(field, "Must be a slot of this appointment (see GET /appointments/{id}/slots)"));
        if (!slot.start().isAfter(now)) {
            throw new ApiException(HttpStatus.CONFLICT, "Slot has already started", "SLOT_UNAVAILABLE");
        }
        return slot;
    }

    private static Map<String, Object> payload(BookingEntity booking) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("consumerId", Ids.format("cons", booking.consumerId()));
        data.put("bookingId", booking.publicId());
        data.put("slotId", booking.slotId());
        data.put("startTime", booking.slotStart().toString());
        data.put("endTime", booking.slotEnd().toString());
        data.put("confirmationCode", booking.confirmationCode());
        return data;
    }

    /**
     * Eight characters (40 bits) from the random part of a new id, drawn without blocking ({@code SecureRandom} may read
     * {@code /dev/random} on an event loop, which BlockHound refuses). A code to quote at the desk, not a secret: a
     * booking is only ever changed with its consumer's token or the secret key.
     */
    private static String confirmationCode() {
        long random = Ids.newUuid().getLeastSignificantBits();
        StringBuilder code = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            code.append(CODE_ALPHABET.charAt((int) (random & 31)));
            random >>>= 5;
        }
        return code.toString();
    }

    static ApiException slotFull() {
        return new ApiException(HttpStatus.CONFLICT, "Slot is full", "SLOT_FULL");
    }

    static ApiException alreadyBooked() {
        return new ApiException(HttpStatus.CONFLICT, "Consumer already holds a booking of this appointment", "ALREADY_BOOKED");
    }

    static ApiException bookingNotFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "Booking not found", "BOOKING_NOT_FOUND");
    }
}
