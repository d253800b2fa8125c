package io.dropline.experiences.access.appointment;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The Locations Admin API ({@code /api/v1/locations}): where appointments take place, with the week's operating hours
 * and the holidays their slots are generated from. A change applies to every slot computed after it; bookings already
 * made keep their times (ADR 0017).
 */
@Service
class LocationService {

    private final LocationRepository repository;
    private final CursorCodec cursors;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;
    private final Clock clock;

    LocationService(LocationRepository repository, CursorCodec cursors, TransactionalOperator transaction, RequestBodies bodies,
            ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.cursors = cursors;
        this.transaction = transaction;
        this.bodies = bodies;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    Mono<LocationResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, LocationRequest.Create.class, LocationRequest::problems))
                .flatMap(request -> repository.insert(context, Ids.newUuid(), request.applyTo(LocationValues.DEFAULTS), now()))
                .map(LocationResponse::from);
    }

    Mono<LocationResponse> get(InternalContext context, String id) {
        return Mono.fromSupplier(() -> AppointmentIds.locationOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(AppointmentIds::locationNotFound))
                .map(LocationResponse::from);
    }

    Mono<LocationResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, LocationRequest.Update.class, LocationRequest::problems))
                .flatMap(changes -> lockedUpdate(context, AppointmentIds.locationOrNotFound(id), changes))
                .map(LocationResponse::from);
    }

    private Mono<LocationEntity> lockedUpdate(InternalContext context, UUID id, LocationRequest.Update changes) {
        return repository.lockById(context, id)
                .switchIfEmpty(Mono.error(AppointmentIds::locationNotFound))
                .flatMap(current -> repository.update(context, id, changes.applyTo(current.values()), now()))
                .as(transaction::transactional);
    }

    /** Hard delete; 409 while an appointment uses it (the foreign key would refuse it anyway). */
    Mono<LocationResponse> delete(InternalContext context, String id) {
        return Mono.fromSupplier(() -> AppointmentIds.locationOrNotFound(id))
                .flatMap(uuid -> repository.lockById(context, uuid))
                .switchIfEmpty(Mono.error(AppointmentIds::locationNotFound))
                .flatMap(location -> repository.inUse(location.id())
                        .flatMap(used -> used ? Mono.error(ApiException.conflict("Location is used by an appointment", "LOCATION_IN_USE"))
                                : repository.delete(context, location.id())))
                .as(transaction::transactional)
                .map(LocationResponse::from);
    }

    Mono<ListResponse<LocationResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> LocationRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("appointment_locations", context)))
                .flatMap(keyset -> keyset.page(repository.page(context, keyset), LocationResponse::from));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
