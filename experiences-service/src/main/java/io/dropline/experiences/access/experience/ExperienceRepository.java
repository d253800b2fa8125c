package io.dropline.experiences.access.experience;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for experiences; every statement is scoped by organization and environment from the internal context. */
@Repository
class ExperienceRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";
    private static final String E_SCOPE = "e.organization_id = :org AND e.environment = :env";

    /**
     * {@code GET /experiences}: newest first by default. Sort expressions never yield null (an experience without
     * a derived openAt, no queues or one opening immediately, sorts as the epoch); the id breaks ties.
     */
    static final KeysetList<ExperienceEntity> LIST = KeysetList.<ExperienceEntity>builder()
            .filter(ListFilter.search("e.name"))
            .filter(ListFilter.createdBetween("e.created_at"))
            .sortBy("createdAt", KeyColumn.instant("e.created_at", ExperienceEntity::createdAt))
            .sortBy("name", KeyColumn.text("lower(e.name)", experience -> experience.name().toLowerCase(Locale.ROOT)))
            .sortBy("openAt", KeyColumn.instant("coalesce(d.open_at, 'epoch'::timestamptz)",
                    experience -> experience.openAt() == null ? Instant.EPOCH : experience.openAt()))
            .filter(ExperienceQuery.INCLUDE)
            .tieBreaker(KeyColumn.uuid("e.id", ExperienceEntity::id))
            .build();

    private final DatabaseClient db;

    ExperienceRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The writable fields, complete. */
    record Values(String name, String timeZone, String accessCode, String themeJson, String i18nJson) {
    }

    Mono<UUID> insert(InternalContext context, UUID id, Values values, Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO experiences (id, organization_id, environment, name, time_zone, access_code, "
                        + "theme, i18n, created_at, updated_at) VALUES (:id, :org, :env, :name, :timeZone, :accessCode, "
                        + ":theme::jsonb, :i18n::jsonb, :now, :now) RETURNING id")
                .bind("id", id)
                .bind("now", now)
                .bind("name", values.name());
        spec = nullable(spec, "timeZone", values.timeZone());
        spec = nullable(spec, "accessCode", values.accessCode());
        spec = nullable(spec, "theme", values.themeJson());
        spec = nullable(spec, "i18n", values.i18nJson());
        return scoped(spec, context).map(row -> row.get("id", UUID.class)).one();
    }

    /** A copy of an experience's own fields under a new id and name (its sequences are copied by their feature). */
    Mono<UUID> insertCopy(InternalContext context, UUID sourceId, UUID id, String name, Instant now) {
        return scoped(db.sql("INSERT INTO experiences (id, organization_id, environment, name, time_zone, access_code, theme, i18n, "
                        + "created_at, updated_at) SELECT :id, organization_id, environment, :name, time_zone, access_code, theme, i18n, "
                        + ":now, :now FROM experiences WHERE id = :sourceId AND " + SCOPE + " RETURNING id"), context)
                .bind("id", id)
                .bind("sourceId", sourceId)
                .bind("name", name)
                .bind("now", now)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    Mono<ExperienceEntity> findById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + ExperienceEntity.COLUMNS + " FROM experiences e" + ExperienceEntity.DERIVED
                        + " WHERE e.id = :id AND " + E_SCOPE), context)
                .bind("id", id)
                .map(ExperienceEntity::from)
                .one();
    }

    /** Locks the row until the surrounding transaction ends; empty when there is no such experience. */
    Mono<UUID> lock(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT id FROM experiences WHERE id = :id AND " + SCOPE + " FOR UPDATE"), context)
                .bind("id", id)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /** Applies only the fields present, in one statement, so concurrent partial updates compose. */
    Mono<UUID> update(InternalContext context, UUID id, UpdateExperienceRequest changes, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE experiences SET "
                        + "name = CASE WHEN :setName THEN :name ELSE name END, "
                        + "time_zone = CASE WHEN :setTimeZone THEN :timeZone ELSE time_zone END, "
                        + "access_code = CASE WHEN :setAccessCode THEN :accessCode ELSE access_code END, "
                        + "theme = CASE WHEN :setTheme THEN :theme::jsonb ELSE theme END, "
                        + "i18n = CASE WHEN :setI18n THEN :i18n::jsonb ELSE i18n END, "
                        + "updated_at = :now WHERE id = :id AND " + SCOPE + " RETURNING id")
                .bind("id", id)
                .bind("now", now);
        spec = nullable(spec.bind("setName", changes.name().present()), "name", changes.storedName().value());
        spec = nullable(spec.bind("setTimeZone", changes.timeZone().present()), "timeZone", changes.storedTimeZone().value());
        spec = nullable(spec.bind("setAccessCode", changes.accessCode().present()), "accessCode", changes.storedAccessCode().value());
        spec = nullable(spec.bind("setTheme", changes.themeJson().present()), "theme", changes.themeJson().value());
        spec = nullable(spec.bind("setI18n", changes.i18nJson().present()), "i18n", changes.i18nJson().value());
        return scoped(spec, context).map(row -> row.get("id", UUID.class)).one();
    }

    Mono<Long> delete(InternalContext context, UUID id) {
        return scoped(db.sql("DELETE FROM experiences WHERE id = :id AND " + SCOPE), context)
                .bind("id", id)
                .fetch()
                .rowsUpdated();
    }

    /** One page in the page's direction, plus one row to tell whether more follow. */
    Flux<ExperienceEntity> page(InternalContext context, Keyset<ExperienceEntity> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + ExperienceEntity.COLUMNS + " FROM experiences e" + ExperienceEntity.DERIVED
                        + " WHERE " + E_SCOPE + keyset.sql()), context))
                .map(ExperienceEntity::from)
                .all();
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }

    private static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

}
