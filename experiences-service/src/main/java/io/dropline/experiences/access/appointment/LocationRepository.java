package io.dropline.experiences.access.appointment;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for locations; every statement but {@link #findAnyById} is scoped by the caller's tenant. */
@Repository
class LocationRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";

    /** {@code GET /locations}: by creation (newest first by default), the id breaking ties. */
    static final KeysetList<LocationEntity> LIST = KeysetList.<LocationEntity>builder()
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", LocationEntity::createdAt))
            .tieBreaker(KeyColumn.uuid("id", LocationEntity::id))
            .build();

    private final DatabaseClient db;

    LocationRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<LocationEntity> insert(InternalContext context, UUID id, LocationValues values, Instant now) {
        return values(scoped(db.sql("INSERT INTO appointment_locations (id, organization_id, environment, name, address, time_zone, "
                        + "operating_hours, holidays, metadata, created_at, updated_at) VALUES (:id, :org, :env, :name, :address, :timeZone, "
                        + ":week::jsonb, :holidays::jsonb, :metadata::jsonb, :now, :now) RETURNING " + LocationEntity.COLUMNS), context), values)
                .bind("id", id)
                .bind("now", now)
                .map(LocationEntity::from)
                .one();
    }

    Mono<LocationEntity> findById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + LocationEntity.COLUMNS + " FROM appointment_locations WHERE id = :id AND " + SCOPE), context)
                .bind("id", id)
                .map(LocationEntity::from)
                .one();
    }

    Mono<LocationEntity> lockById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + LocationEntity.COLUMNS + " FROM appointment_locations WHERE id = :id AND " + SCOPE + " FOR UPDATE"),
                context)
                .bind("id", id)
                .map(LocationEntity::from)
                .one();
    }

    /** Unscoped: the location of an appointment row already read. */
    Mono<LocationEntity> findAnyById(UUID id) {
        return db.sql("SELECT " + LocationEntity.COLUMNS + " FROM appointment_locations WHERE id = :id")
                .bind("id", id)
                .map(LocationEntity::from)
                .one();
    }

    Mono<LocationEntity> update(InternalContext context, UUID id, LocationValues values, Instant now) {
        return values(scoped(db.sql("UPDATE appointment_locations SET name = :name, address = :address, time_zone = :timeZone, "
                        + "operating_hours = :week::jsonb, holidays = :holidays::jsonb, metadata = :metadata::jsonb, updated_at = :now "
                        + "WHERE id = :id AND " + SCOPE + " RETURNING " + LocationEntity.COLUMNS), context), values)
                .bind("id", id)
                .bind("now", now)
                .map(LocationEntity::from)
                .one();
    }

    Mono<Boolean> inUse(UUID id) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM appointments WHERE location_id = :id) AS used")
                .bind("id", id)
                .map(row -> row.get("used", Boolean.class))
                .one();
    }

    Mono<LocationEntity> delete(InternalContext context, UUID id) {
        return scoped(db.sql("DELETE FROM appointment_locations WHERE id = :id AND " + SCOPE + " RETURNING " + LocationEntity.COLUMNS), context)
                .bind("id", id)
                .map(LocationEntity::from)
                .one();
    }

    Flux<LocationEntity> page(InternalContext context, Keyset<LocationEntity> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + LocationEntity.COLUMNS + " FROM appointment_locations WHERE " + SCOPE + keyset.sql()),
                        context))
                .map(LocationEntity::from)
                .all();
    }

    private static GenericExecuteSpec values(GenericExecuteSpec spec, LocationValues values) {
        spec = spec.bind("name", values.name()).bind("timeZone", values.timeZone()).bind("week", values.weekJson())
                .bind("holidays", values.holidaysJson());
        spec = values.address() == null ? spec.bindNull("address", String.class) : spec.bind("address", values.address());
        return values.metadataJson() == null ? spec.bindNull("metadata", String.class) : spec.bind("metadata", values.metadataJson());
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }
}
