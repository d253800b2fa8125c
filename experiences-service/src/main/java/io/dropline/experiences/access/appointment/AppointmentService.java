package io.dropline.experiences.access.appointment;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.DistributionTimers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The Appointments Admin API ({@code /api/v1/appointments}: create, list, get, update, delete) and the nested creates
 * of experiences and sequences. Changing the slot rules or the location later applies to the slots computed from then
 * on; bookings already made keep their times and are counted where they are (ADR 0017).
 */
@Service
public class AppointmentService {

    private final AppointmentRepository repository;
    private final DistributionTimers timers;
    private final CursorCodec cursors;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;
    private final Clock clock;

    AppointmentService(AppointmentRepository repository, DistributionTimers timers, CursorCodec cursors, TransactionalOperator transaction,
            RequestBodies bodies, ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.timers = timers;
        this.cursors = cursors;
        this.transaction = transaction;
        this.bodies = bodies;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    Mono<AppointmentResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, AppointmentRequests.Create.class))
                .flatMap(request -> insertUnderSequence(context, request));
    }

    private Mono<AppointmentResponse> insertUnderSequence(InternalContext context, AppointmentRequests.Create request) {
        Instant now = now();
        return repository.findParent(context, Ids.parse("seq", request.sequenceId().value()).orElseThrow())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Sequence")))
                .flatMap(parent -> insert(context, parent, request, parent.experienceTimeZone(), now))
                .as(transaction::transactional)
                .map(entity -> AppointmentResponse.from(entity, now));
    }

    /** The checked values inserted under {@code parent} with their window timers, after the location is found in the tenant. */
    private Mono<AppointmentEntity> insert(InternalContext context, AppointmentRepository.Parent parent, AppointmentFields request,
            String experienceZone, Instant now) {
        AppointmentValues values = checked(request, AppointmentValues.DEFAULTS, experienceZone);
        return requireLocation(context, values.locationId())
                .then(repository.insert(context, Ids.newUuid(), parent, values, now))
                .flatMap(this::arm);
    }

    Mono<AppointmentResponse> get(InternalContext context, String id) {
        return entity(context, id).map(entity -> AppointmentResponse.from(entity, now()));
    }

    /** The row of the caller's tenant; 404 "Appointment not found" otherwise. */
    Mono<AppointmentEntity> entity(InternalContext context, String id) {
        return Mono.fromSupplier(() -> AppointmentIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(AppointmentIds::notFound));
    }

    /** Partial update of a scheduled or open appointment; a closed or stopped one → 409 (§5.4). */
    Mono<AppointmentResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, AppointmentRequests.Update.class))
                .flatMap(changes -> lockedUpdate(context, AppointmentIds.parseOrNotFound(id), changes))
                .onErrorMap(DataIntegrityViolationException.class, raced -> ApiException.validation("closeAt", "Must be later than openAt"));
    }

    private Mono<AppointmentResponse> lockedUpdate(InternalContext context, UUID id, AppointmentRequests.Update changes) {
        Instant now = now();
        return repository.lockById(context, id)
                .switchIfEmpty(Mono.error(AppointmentIds::notFound))
                .flatMap(current -> checkedUpdate(context, current, changes, now))
                .as(transaction::transactional)
                .map(entity -> AppointmentResponse.from(entity, now));
    }

    private Mono<AppointmentEntity> checkedUpdate(InternalContext context, AppointmentEntity current, AppointmentRequests.Update changes,
            Instant now) {
        if (current.stopped()) {
            return Mono.error(changes.reopens() ? ApiException.conflict("Cannot reopen ended distribution", "DISTRIBUTION_CLOSED")
                    : ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        if (current.lifecycle().closedAt(now) && !(changes.stops() && changes.onlyStops())) {
            return Mono.error(ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        return repository.experienceTimeZone(current.experienceId())
                .map(zone -> checked(changes, AppointmentValues.of(current), zone.orElse(null)))
                .flatMap(values -> (values.locationId().equals(current.locationId()) ? Mono.<Void>empty()
                        : requireLocation(context, values.locationId()))
                        .then(repository.update(context, current.id(), values, changes.stops(), context.principal().id(), now)))
                .flatMap(this::arm);
    }

    /** Hard delete, refused while a consumer holds a booking of a slot not yet over; the answer is the appointment as it was. */
    Mono<AppointmentResponse> delete(InternalContext context, String id) {
        Instant now = now();
        return Mono.fromSupplier(() -> AppointmentIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.lockById(context, uuid))
                .switchIfEmpty(Mono.error(AppointmentIds::notFound))
                .flatMap(appointment -> repository.hasUpcomingBookings(appointment.id(), now)
                        .flatMap(live -> live ? Mono.error(ApiException.conflict("Cannot delete active distribution", "DISTRIBUTION_ACTIVE"))
                                : repository.delete(context, appointment.id())
                                        .flatMap(deleted -> timers.disarmAll(deleted.id()).thenReturn(deleted))))
                .as(transaction::transactional)
                .map(entity -> AppointmentResponse.from(entity, now));
    }

    Mono<ListResponse<AppointmentResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> AppointmentRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("appointments", context)))
                .flatMap(keyset -> page(context, keyset));
    }

    private Mono<ListResponse<AppointmentResponse>> page(InternalContext context, Keyset<AppointmentEntity> keyset) {
        Instant now = now();
        return keyset.page(repository.page(context, keyset), row -> AppointmentResponse.from(row, now));
    }

    // ---- For experiences and sequences ----------------------------------------------------------------------

    /** Inserts a validated nested appointment inside the caller's transaction; 404 "Location not found" for another tenant's. */
    public Mono<AppointmentResponse> insertNested(InternalContext context, UUID experienceId, UUID sequenceId,
            NestedAppointmentRequest request, String experienceZone, Instant now) {
        return insert(context, new AppointmentRepository.Parent(sequenceId, experienceId, experienceZone), request, experienceZone, now)
                .map(entity -> AppointmentResponse.from(entity, now));
    }

    /** The appointments of these experiences, in creation order. */
    public Flux<AppointmentResponse> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        Instant now = now();
        return experienceIds.isEmpty() ? Flux.empty()
                : repository.findByParents(context, "experience_id", experienceIds).map(entity -> AppointmentResponse.from(entity, now));
    }

    /** The appointments of these sequences, in creation order. */
    public Flux<AppointmentResponse> ofSequences(InternalContext context, Collection<UUID> sequenceIds) {
        Instant now = now();
        return sequenceIds.isEmpty() ? Flux.empty()
                : repository.findByParents(context, "sequence_id", sequenceIds).map(entity -> AppointmentResponse.from(entity, now));
    }

    /**
     * Whether an appointment of these sequences or experiences ({@code column}: sequence_id or experience_id) has a
     * booking of a slot not yet over: its sequence or experience is then not deleted (their cascade would take it).
     */
    public Mono<Boolean> anyBooked(InternalContext context, String column, Collection<UUID> parentIds) {
        Instant now = now();
        return parentIds.isEmpty() ? Mono.just(false)
                : repository.findByParents(context, column, parentIds)
                        .concatMap(appointment -> repository.hasUpcomingBookings(appointment.id(), now))
                        .any(Boolean::booleanValue);
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    private Mono<Void> requireLocation(InternalContext context, UUID locationId) {
        return repository.locationExists(context, locationId)
                .flatMap(found -> found ? Mono.<Void>empty() : Mono.error(AppointmentIds.locationNotFound()));
    }

    /** Arms open and close for the row as it now is (inside the transaction that wrote it). */
    private Mono<AppointmentEntity> arm(AppointmentEntity appointment) {
        return timers.armWindow(AppointmentIds.TYPE, appointment.id(), appointment.openAt(), appointment.closeAt(), appointment.createdAt(),
                        appointment.stopped() ? (appointment.statusOverrideAt() != null ? appointment.statusOverrideAt() : appointment.updatedAt())
                                : null)
                .thenReturn(appointment);
    }

    private static AppointmentValues checked(AppointmentFields changes, AppointmentValues base, String experienceZone) {
        if (!changes.schedule(base, experienceZone).ordered()) {
            throw ApiException.validation("closeAt", "Must be later than openAt");
        }
        return changes.applyTo(base, experienceZone);
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
