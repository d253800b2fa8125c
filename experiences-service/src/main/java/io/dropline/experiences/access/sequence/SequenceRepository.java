package io.dropline.experiences.access.sequence;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for sequences; every statement is scoped by organization and environment from the internal context. */
@Repository
class SequenceRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";

    /** {@code GET /sequences}: by creation (newest first by default), the id breaking ties. */
    static final KeysetList<SequenceEntity> LIST = KeysetList.<SequenceEntity>builder()
            .filter(ListFilter.id("experienceId", "exp", "experience_id"))
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", SequenceEntity::createdAt))
            .tieBreaker(KeyColumn.uuid("id", SequenceEntity::id))
            .build();
    private static final String INSERT_COLUMNS = "(id, organization_id, environment, experience_id, name, priority, color, "
            + "audience_id, access_code, created_at, updated_at)";

    private final DatabaseClient db;

    SequenceRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts under an experience of the caller's tenant; empty when there is no such experience. */
    Mono<SequenceEntity> insertUnderExperience(InternalContext context, UUID id, UUID experienceId, Values values, Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO sequences " + INSERT_COLUMNS + " SELECT :id, :org, :env, e.id, :name, "
                        + ":priority, :color, :audienceId, :accessCode, :now, :now FROM experiences e "
                        + "WHERE e.id = :experienceId AND e.organization_id = :org AND e.environment = :env RETURNING " + SequenceEntity.COLUMNS)
                .bind("id", id)
                .bind("experienceId", experienceId)
                .bind("now", now);
        return values(scoped(spec, context), values).map(SequenceEntity::from).one();
    }

    /** The writable fields, complete. */
    record Values(String name, int priority, String color, UUID audienceId, String accessCode) {

        static Values of(SequenceEntity entity) {
            return new Values(entity.name(), entity.priority(), entity.color(), entity.audienceId(), entity.accessCode());
        }
    }

    /** The zone of an experience (for local date-times of distributions created with a sequence). */
    Mono<java.util.Optional<String>> experienceTimeZone(UUID experienceId) {
        return db.sql("SELECT time_zone FROM experiences WHERE id = :id")
                .bind("id", experienceId)
                .map(row -> java.util.Optional.ofNullable(row.get("time_zone", String.class)))
                .one()
                .defaultIfEmpty(java.util.Optional.empty());
    }

    Mono<SequenceEntity> findById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + SequenceEntity.COLUMNS + " FROM sequences WHERE id = :id AND " + SCOPE), context)
                .bind("id", id)
                .map(SequenceEntity::from)
                .one();
    }

    Mono<SequenceEntity> lockById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + SequenceEntity.COLUMNS + " FROM sequences WHERE id = :id AND " + SCOPE + " FOR UPDATE"), context)
                .bind("id", id)
                .map(SequenceEntity::from)
                .one();
    }

    /** The sequences of these experiences: highest priority first (the routing order), then creation order. */
    Flux<SequenceEntity> findByExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return scoped(db.sql("SELECT " + SequenceEntity.COLUMNS + " FROM sequences WHERE experience_id = ANY(:ids) AND " + SCOPE
                        + " ORDER BY priority DESC, created_at, id"), context)
                .bind("ids", experienceIds.toArray(UUID[]::new))
                .map(SequenceEntity::from)
                .all();
    }

    Mono<SequenceEntity> update(InternalContext context, UUID id, Values values, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE sequences SET name = :name, priority = :priority, color = :color, "
                        + "audience_id = :audienceId, access_code = :accessCode, updated_at = :now WHERE id = :id AND " + SCOPE
                        + " RETURNING " + SequenceEntity.COLUMNS)
                .bind("id", id)
                .bind("now", now);
        return values(scoped(spec, context), values).map(SequenceEntity::from).one();
    }

    Mono<SequenceEntity> delete(InternalContext context, UUID id) {
        return scoped(db.sql("DELETE FROM sequences WHERE id = :id AND " + SCOPE + " RETURNING " + SequenceEntity.COLUMNS), context)
                .bind("id", id)
                .map(SequenceEntity::from)
                .one();
    }

    Flux<SequenceEntity> page(InternalContext context, Keyset<SequenceEntity> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + SequenceEntity.COLUMNS + " FROM sequences WHERE " + SCOPE + keyset.sql()), context))
                .map(SequenceEntity::from)
                .all();
    }

    private static GenericExecuteSpec values(GenericExecuteSpec spec, Values values) {
        spec = spec.bind("name", values.name()).bind("priority", values.priority());
        spec = values.color() == null ? spec.bindNull("color", String.class) : spec.bind("color", values.color());
        spec = values.audienceId() == null ? spec.bindNull("audienceId", UUID.class) : spec.bind("audienceId", values.audienceId());
        return values.accessCode() == null ? spec.bindNull("accessCode", String.class) : spec.bind("accessCode", values.accessCode());
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }
}
