package io.dropline.experiences.access.appointment;

import io.dropline.experiences.access.distribution.DistributionTable;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL for appointments; every statement but {@link #findAnyById} (timers) is scoped by the caller's tenant. */
@Repository
class AppointmentRepository extends DistributionTable<AppointmentEntity> {

    /** {@code GET /appointments}: by creation (newest first by default), the id breaking ties. */
    static final KeysetList<AppointmentEntity> LIST = KeysetList.<AppointmentEntity>builder()
            .filter(ListFilter.id("sequenceId", "seq", "sequence_id"))
            .filter(ListFilter.id("experienceId", "exp", "experience_id"))
            .filter(ListFilter.id("locationId", AppointmentIds.LOCATION, "location_id"))
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", AppointmentEntity::createdAt))
            .tieBreaker(KeyColumn.uuid("id", AppointmentEntity::id))
            .build();

    AppointmentRepository(DatabaseClient db) {
        super(db, "appointments", AppointmentEntity.COLUMNS, AppointmentEntity::from);
    }

    /** Whether the location exists in the caller's tenant (an appointment may only use its own tenant's locations). */
    Mono<Boolean> locationExists(InternalContext context, UUID locationId) {
        return scoped(db.sql("SELECT EXISTS (SELECT 1 FROM appointment_locations WHERE id = :id AND " + SCOPE + ") AS found"), context)
                .bind("id", locationId)
                .map(row -> row.get("found", Boolean.class))
                .one();
    }

    Mono<AppointmentEntity> insert(InternalContext context, UUID id, Parent parent, AppointmentValues values, Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO appointments (id, organization_id, environment, sequence_id, experience_id, "
                        + "location_id, name, time_zone, open_at, close_at, supports_guest, slot_duration_minutes, buffer_minutes, "
                        + "max_capacity_per_slot, metadata, created_at, updated_at) VALUES (:id, :org, :env, :sequenceId, :experienceId, "
                        + ":locationId, :name, :timeZone, :openAt, :closeAt, :supportsGuest, :duration, :buffer, :capacity, :metadata::jsonb, "
                        + ":now, :now) RETURNING " + AppointmentEntity.COLUMNS)
                .bind("id", id)
                .bind("sequenceId", parent.sequenceId())
                .bind("experienceId", parent.experienceId())
                .bind("now", now);
        return values(scoped(spec, context), values).map(AppointmentEntity::from).one();
    }

    Mono<AppointmentEntity> update(InternalContext context, UUID id, AppointmentValues values, boolean stop, String stoppedBy, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE appointments SET name = :name, time_zone = :timeZone, open_at = :openAt, "
                        + "close_at = :closeAt, supports_guest = :supportsGuest, location_id = :locationId, slot_duration_minutes = :duration, "
                        + "buffer_minutes = :buffer, max_capacity_per_slot = :capacity, metadata = :metadata::jsonb, "
                        + "status_override = CASE WHEN :stop THEN 'ended' ELSE status_override END, "
                        + "status_override_at = CASE WHEN :stop THEN :now ELSE status_override_at END, "
                        + "status_override_by = CASE WHEN :stop THEN :stoppedBy ELSE status_override_by END, "
                        + "updated_at = :now WHERE id = :id AND " + SCOPE + " RETURNING " + AppointmentEntity.COLUMNS)
                .bind("id", id)
                .bind("stop", stop)
                .bind("now", now);
        spec = stoppedBy == null ? spec.bindNull("stoppedBy", String.class) : spec.bind("stoppedBy", stoppedBy);
        return values(scoped(spec, context), values).map(AppointmentEntity::from).one();
    }

    /** Whether any consumer holds a booking of a slot not yet over: such an appointment is not deleted. */
    Mono<Boolean> hasUpcomingBookings(UUID id, Instant now) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM appointment_bookings WHERE appointment_id = :id AND status = 'BOOKED' "
                        + "AND slot_end > :now) AS live")
                .bind("id", id)
                .bind("now", now)
                .map(row -> row.get("live", Boolean.class))
                .one();
    }

    private static GenericExecuteSpec values(GenericExecuteSpec spec, AppointmentValues values) {
        spec = spec.bind("name", values.name()).bind("supportsGuest", values.supportsGuest()).bind("locationId", values.locationId())
                .bind("duration", values.slotDurationMinutes()).bind("buffer", values.bufferMinutes())
                .bind("capacity", values.maxCapacityPerSlot());
        spec = values.timeZone() == null ? spec.bindNull("timeZone", String.class) : spec.bind("timeZone", values.timeZone());
        spec = values.openAt() == null ? spec.bindNull("openAt", Instant.class) : spec.bind("openAt", values.openAt());
        spec = values.closeAt() == null ? spec.bindNull("closeAt", Instant.class) : spec.bind("closeAt", values.closeAt());
        return values.metadataJson() == null ? spec.bindNull("metadata", String.class) : spec.bind("metadata", values.metadataJson());
    }

}
