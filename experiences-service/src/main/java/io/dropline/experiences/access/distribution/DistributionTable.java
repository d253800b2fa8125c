package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.Keyset;
import io.r2dbc.spi.Readable;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The SQL every distribution type's own table shares (queues, draws, auctions, appointments, timed releases,
 * waitlists): the parent sequence of a new row, and the reads, locks, deletes and list pages by id, all scoped by the
 * caller's tenant except the {@code Any} reads, which timers and grant records use with an id they already hold.
 * A type's repository extends it and adds only what is its own: the insert and update of its columns and its
 * participant queries. Every table has the same tenant, parent and creation columns (ADR 0009).
 *
 * @param <E> the type's row
 */
public abstract class DistributionTable<E> {

    public static final String SCOPE = "organization_id = :org AND environment = :env";

    /** The sequence a new distribution goes into, its experience, and that experience's zone (for local date-times). */
    public record Parent(UUID sequenceId, UUID experienceId, String experienceTimeZone) {
    }

    protected final DatabaseClient db;
    private final String table;
    private final String columns;
    private final Function<Readable, E> from;

    protected DistributionTable(DatabaseClient db, String table, String columns, Function<Readable, E> from) {
        this.db = db;
        this.table = table;
        this.columns = columns;
        this.from = from;
    }

    public Mono<Parent> findParent(InternalContext context, UUID sequenceId) {
        return scoped(db.sql("SELECT s.id, s.experience_id, e.time_zone FROM sequences s JOIN experiences e ON e.id = s.experience_id "
                        + "WHERE s.id = :id AND s.organization_id = :org AND s.environment = :env"), context)
                .bind("id", sequenceId)
                .map(row -> new Parent(row.get("id", UUID.class), row.get("experience_id", UUID.class), row.get("time_zone", String.class)))
                .one();
    }

    /** The time zone of an existing row's experience (empty when it has none), for an update's local date-times. */
    public Mono<Optional<String>> experienceTimeZone(UUID experienceId) {
        return db.sql("SELECT time_zone FROM experiences WHERE id = :id")
                .bind("id", experienceId)
                .map(row -> Optional.ofNullable(row.get("time_zone", String.class)))
                .one()
                .defaultIfEmpty(Optional.empty());
    }

    public Mono<E> findById(InternalContext context, UUID id) {
        return scoped(db.sql(select() + " WHERE id = :id AND " + SCOPE), context).bind("id", id).map(from::apply).one();
    }

    /** The row, locked until the surrounding transaction ends, so a read-check-write cannot interleave with another. */
    public Mono<E> lockById(InternalContext context, UUID id) {
        return scoped(db.sql(select() + " WHERE id = :id AND " + SCOPE + " FOR UPDATE"), context).bind("id", id).map(from::apply).one();
    }

    /** Unscoped: for timers, engines and grant records, which hold an id read from a row of the tenant already. */
    public Mono<E> findAnyById(UUID id) {
        return db.sql(select() + " WHERE id = :id").bind("id", id).map(from::apply).one();
    }

    /** Unscoped and locked, as {@link #findAnyById} for work that must not interleave (settlements, draws, waves). */
    public Mono<E> lockAnyById(UUID id) {
        return db.sql(select() + " WHERE id = :id FOR UPDATE").bind("id", id).map(from::apply).one();
    }

    /** The rows with these ids ({@code GET /distributions} asks for a page's rows at once), in no given order. */
    public Flux<E> findByIds(InternalContext context, Collection<UUID> ids) {
        return scoped(db.sql(select() + " WHERE id = ANY(:ids) AND " + SCOPE), context)
                .bind("ids", ids.toArray(UUID[]::new))
                .map(from::apply)
                .all();
    }

    /** Rows whose {@code column} (sequence_id or experience_id) is one of {@code ids}, in creation order. */
    public Flux<E> findByParents(InternalContext context, String column, Collection<UUID> ids) {
        if (!column.equals("sequence_id") && !column.equals("experience_id")) {
            throw new IllegalArgumentException("Not a parent column: " + column);
        }
        return scoped(db.sql(select() + " WHERE " + column + " = ANY(:ids) AND " + SCOPE + " ORDER BY created_at, id"), context)
                .bind("ids", ids.toArray(UUID[]::new))
                .map(from::apply)
                .all();
    }

    /** Deletes the row; the answer is the row as it was. */
    public Mono<E> delete(InternalContext context, UUID id) {
        return scoped(db.sql("DELETE FROM " + table + " WHERE id = :id AND " + SCOPE + " RETURNING " + columns), context)
                .bind("id", id)
                .map(from::apply)
                .one();
    }

    /** One page in the page's direction, plus one row to tell whether more follow. */
    public Flux<E> page(InternalContext context, Keyset<E> keyset) {
        return keyset.bind(scoped(db.sql(select() + " WHERE " + SCOPE + keyset.sql()), context)).map(from::apply).all();
    }

    public static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }

    public static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private String select() {
        return "SELECT " + columns + " FROM " + table;
    }
}
