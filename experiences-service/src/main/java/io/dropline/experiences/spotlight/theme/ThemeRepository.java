package io.dropline.experiences.spotlight.theme;

import io.dropline.contracts.context.InternalContext;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for themes; every statement is scoped by the context's organization and environment. */
@Repository
class ThemeRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";
    private static final String COLUMNS = "id, name, light::text AS light, dark::text AS dark, is_default, created_at, updated_at";
    private static final TypeReference<TreeMap<String, String>> TOKENS = new TypeReference<>() {
    };

    private final DatabaseClient db;

    ThemeRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<ThemeEntity> insert(InternalContext context, String id, String name, Map<String, String> light, Map<String, String> dark,
            Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO themes (id, organization_id, environment, name, light, dark, created_at, updated_at) "
                        + "VALUES (:id, :org, :env, :name, :light::jsonb, :dark::jsonb, :now, :now) RETURNING " + COLUMNS)
                .bind("id", id)
                .bind("name", name)
                .bind("light", json(light))
                .bind("now", now);
        spec = dark == null ? spec.bindNull("dark", String.class) : spec.bind("dark", json(dark));
        return scoped(spec, context).map(ThemeRepository::entity).one();
    }

    Mono<ThemeEntity> find(InternalContext context, String id) {
        return scoped(db.sql("SELECT " + COLUMNS + " FROM themes WHERE id = :id AND " + SCOPE), context)
                .bind("id", id)
                .map(ThemeRepository::entity)
                .one();
    }

    Flux<ThemeEntity> all(InternalContext context) {
        return scoped(db.sql("SELECT " + COLUMNS + " FROM themes WHERE " + SCOPE + " ORDER BY created_at DESC, id"), context)
                .map(ThemeRepository::entity)
                .all();
    }

    Flux<ThemeEntity> page(InternalContext context, int limit, long offset) {
        return scoped(db.sql("SELECT " + COLUMNS + " FROM themes WHERE " + SCOPE + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset"),
                context)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(ThemeRepository::entity)
                .all();
    }

    Mono<Long> count(InternalContext context) {
        return scoped(db.sql("SELECT count(*) AS n FROM themes WHERE " + SCOPE), context)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    /** Replaces the fields given (null = unchanged; {@code clearDark} removes the dark set). */
    Mono<ThemeEntity> update(InternalContext context, String id, String name, Map<String, String> light, Map<String, String> dark,
            boolean setDark, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE themes SET name = COALESCE(:name, name), light = COALESCE(:light::jsonb, light), "
                        + "dark = CASE WHEN :setDark THEN :dark::jsonb ELSE dark END, updated_at = :now "
                        + "WHERE id = :id AND " + SCOPE + " RETURNING " + COLUMNS)
                .bind("id", id)
                .bind("setDark", setDark)
                .bind("now", now);
        spec = name == null ? spec.bindNull("name", String.class) : spec.bind("name", name);
        spec = light == null ? spec.bindNull("light", String.class) : spec.bind("light", json(light));
        spec = dark == null ? spec.bindNull("dark", String.class) : spec.bind("dark", json(dark));
        return scoped(spec, context).map(ThemeRepository::entity).one();
    }

    /**
     * Serializes concurrent set-default calls of one tenant for the rest of the transaction, so clearing the old
     * default and setting the new one never interleave (the partial unique index would refuse the loser).
     */
    Mono<Void> lockDefaults(InternalContext context) {
        return scoped(db.sql("SELECT pg_advisory_xact_lock(hashtext('spotlight-theme-default:' || :org::text || ':' || :env::text))"), context)
                .fetch().rowsUpdated().then();
    }

    Mono<Long> clearDefault(InternalContext context) {
        return scoped(db.sql("UPDATE themes SET is_default = false WHERE is_default AND " + SCOPE), context).fetch().rowsUpdated();
    }

    Mono<ThemeEntity> markDefault(InternalContext context, String id, Instant now) {
        return scoped(db.sql("UPDATE themes SET is_default = true, updated_at = :now WHERE id = :id AND " + SCOPE + " RETURNING " + COLUMNS),
                context)
                .bind("id", id)
                .bind("now", now)
                .map(ThemeRepository::entity)
                .one();
    }

    Mono<Long> delete(InternalContext context, String id) {
        return scoped(db.sql("DELETE FROM themes WHERE id = :id AND NOT is_default AND " + SCOPE), context)
                .bind("id", id)
                .fetch().rowsUpdated();
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }

    private static ThemeEntity entity(Readable row) {
        return new ThemeEntity(row.get("id", String.class), row.get("name", String.class), tokens(row.get("light", String.class)),
                tokens(row.get("dark", String.class)), Boolean.TRUE.equals(row.get("is_default", Boolean.class)),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }

    private static Map<String, String> tokens(String json) {
        return json == null ? null : JsonMapper.shared().readValue(json, TOKENS);
    }

    private static String json(Map<String, String> tokens) {
        return JsonMapper.shared().writeValueAsString(tokens);
    }
}
