package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The consumer side every non-queue type shares, written once: SQL over a participant table of one shape (V9: one row
 * per (distribution, consumer) as the primary key, an arrival number {@code seq}, status, timestamps, deny reason,
 * grant id and expiry, a priority and the wave that notified it). A type names its table ({@link Table}) and decides
 * which statuses mean what; every statement here is conditional on the status it expects, so two replicas racing on
 * one row change it once. Call the writes inside the type's transaction (with its outbox event).
 */
@Component
public class Participants {

    private static final String SCOPE = "organization_id = :org AND environment = :env";

    private final DatabaseClient db;
    private final AccessMeters meters;

    Participants(DatabaseClient db, AccessMeters meters) {
        this.db = db;
        this.meters = meters;
    }

    /** A type's own consumer list over rows (e.g. a waitlist's, with its wave columns): arrival order, a status filter. */
    public static KeysetList<Participant> rowList(List<String> statuses) {
        return KeysetList.<Participant>builder()
                .filter(ListFilter.oneOf("status", statuses, "status"))
                .fixedOrder(KeyColumn.longInteger("seq", Participant::seq), false)
                .build();
    }

    /** One page of {@link #rowList} of a distribution the caller's tenant owns. */
    public Flux<Participant> rowPage(Table table, InternalContext context, UUID distributionId, Keyset<Participant> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + Participant.COLUMNS + " FROM " + table.name()
                        + " WHERE distribution_id = :id AND " + SCOPE + keyset.sql()), context)
                        .bind("id", distributionId))
                .map(Participant::from)
                .all();
    }

    /** A participant table of the V9 shape, by name (a constant of the type, never input). */
    public record Table(String name) {

        public Table {
            if (!name.matches("[a-z_]+_entries")) {
                throw new IllegalArgumentException("Not a participant table: " + name);
            }
        }

        /** The distribution type whose table this is ({@code timed_release_entries}: {@code timed_release}). */
        String type() {
            return name.substring(0, name.length() - "_entries".length());
        }
    }

    /** The admin consumer list of a type using these statuses: arrival order, a {@code status} filter. */
    public static KeysetList<EntryResponse.Row> list(List<String> statuses) {
        return KeysetList.<EntryResponse.Row>builder()
                .filter(ListFilter.oneOf("status", statuses, "status"))
                .fixedOrder(KeyColumn.longInteger("seq", EntryResponse.Row::seq), false)
                .build();
    }

    /** The consumer's row, whatever its status. */
    public Mono<Participant> find(Table table, UUID distributionId, UUID consumer) {
        return db.sql("SELECT " + Participant.COLUMNS + " FROM " + table.name() + " WHERE distribution_id = :id AND consumer_id = :consumer")
                .bind("id", distributionId)
                .bind("consumer", consumer)
                .map(Participant::from)
                .one();
    }

    /** The row holding this grant (grant ids are unique per table). */
    public Mono<Participant> findByGrant(Table table, UUID grantId) {
        return db.sql("SELECT " + Participant.COLUMNS + " FROM " + table.name() + " WHERE grant_id = :grant")
                .bind("grant", grantId)
                .map(Participant::from)
                .one();
    }

    /**
     * What an enter writes: a new row, or a row whose status is one of {@code reenterFrom} (left before) made new again
     * with a new arrival number. Empty when the consumer already has a row in another status (entered already, or
     * denied): the caller answers the row as it is. The primary key makes two concurrent enters of one consumer one row.
     *
     * @param grant the grant to issue with the entry (a timed release), or null (a waitlist)
     */
    public Mono<Participant> enter(Table table, DistributionRef distribution, UUID distributionId, UUID consumer, String status,
            int priority, NewGrant grant, List<String> reenterFrom, Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO " + table.name() + " AS p (distribution_id, consumer_id, organization_id, "
                        + "environment, status, priority, entered_at, grant_id, granted_at, grant_expires_at, updated_at) VALUES "
                        + "(:id, :consumer, :org, :env, :status, :priority, :now, :grantId, :grantedAt, :grantExpiresAt, :now) "
                        + "ON CONFLICT (distribution_id, consumer_id) DO UPDATE SET status = EXCLUDED.status, "
                        + "priority = EXCLUDED.priority, entered_at = EXCLUDED.entered_at, seq = nextval('participant_seq'), "
                        + "grant_id = EXCLUDED.grant_id, granted_at = EXCLUDED.granted_at, grant_expires_at = EXCLUDED.grant_expires_at, "
                        + "completed_at = NULL, left_at = NULL, denied_at = NULL, deny_reason = NULL, notified_at = NULL, "
                        + "notified_wave = NULL, updated_at = EXCLUDED.updated_at WHERE p.status = ANY(:reenterFrom) "
                        + "RETURNING " + Participant.COLUMNS)
                .bind("id", distributionId)
                .bind("consumer", consumer)
                .bind("org", distribution.organizationId())
                .bind("env", distribution.environment().wire())
                .bind("status", status)
                .bind("priority", priority)
                .bind("now", now)
                .bind("reenterFrom", reenterFrom.toArray(String[]::new));
        spec = grant == null ? spec.bindNull("grantId", UUID.class).bindNull("grantedAt", Instant.class)
                : spec.bind("grantId", grant.id()).bind("grantedAt", now);
        spec = grant == null || grant.expiresAt() == null ? spec.bindNull("grantExpiresAt", Instant.class)
                : spec.bind("grantExpiresAt", grant.expiresAt());
        return spec.map(Participant::from).one()
                // Counted when the caller's transaction commits: a type may still roll the write back (a full waitlist).
                .flatMap(row -> meters.enteredOnCommit(table.type(), 1).thenReturn(row));
    }

    /** A grant issued with an entry: its id and expiry (null: none). */
    public record NewGrant(UUID id, Instant expiresAt) {
    }

    /**
     * Moves the consumer's row from one of {@code from} to {@code to} (LEFT, DENIED, …), stamping the matching time
     * column; empty when the row is in none of them (or there is none). {@code reason} is kept for DENIED.
     */
    public Mono<Participant> move(Table table, UUID distributionId, UUID consumer, List<String> from, String to, Stamp stamp,
            String reason, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE " + table.name() + " SET status = :to, " + stamp.column + " = :now, "
                        + "deny_reason = COALESCE(:reason, deny_reason), updated_at = :now "
                        + "WHERE distribution_id = :id AND consumer_id = :consumer AND status = ANY(:from) RETURNING " + Participant.COLUMNS)
                .bind("to", to)
                .bind("now", now)
                .bind("id", distributionId)
                .bind("consumer", consumer)
                .bind("from", from.toArray(String[]::new));
        spec = reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason);
        return spec.map(Participant::from).one();
    }

    /** Which time column a move stamps. */
    public enum Stamp {
        LEFT("left_at"), DENIED("denied_at"), COMPLETED("completed_at"), NOTIFIED("notified_at");

        private final String column;

        Stamp(String column) {
            this.column = column;
        }
    }

    /**
     * Completes the grant once: GRANTED → COMPLETED only while it is unexpired and (when presented) the same grant.
     * Empty when it did not happen (already completed, expired, another grant, no grant): the caller says why.
     */
    public Mono<Participant> complete(Table table, UUID distributionId, UUID consumer, String liveStatus, String completedStatus,
            UUID presentedGrant, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE " + table.name() + " SET status = :completed, completed_at = :now, updated_at = :now "
                        + "WHERE distribution_id = :id AND consumer_id = :consumer AND status = :live "
                        + "AND (grant_expires_at IS NULL OR grant_expires_at > :now) AND (:grant::uuid IS NULL OR grant_id = :grant::uuid) "
                        + "RETURNING " + Participant.COLUMNS)
                .bind("completed", completedStatus)
                .bind("live", liveStatus)
                .bind("now", now)
                .bind("id", distributionId)
                .bind("consumer", consumer);
        spec = presentedGrant == null ? spec.bindNull("grant", UUID.class) : spec.bind("grant", presentedGrant);
        return spec.map(Participant::from).one();
    }

    /** How many rows of a distribution are in each of these statuses, summed. */
    public Mono<Long> count(Table table, UUID distributionId, Collection<String> statuses) {
        return db.sql("SELECT count(*) AS n FROM " + table.name() + " WHERE distribution_id = :id AND status = ANY(:statuses)")
                .bind("id", distributionId)
                .bind("statuses", statuses.toArray(String[]::new))
                .map(row -> row.get("n", Long.class))
                .one();
    }

    /** One page of the admin consumer list ({@link #list}) of a distribution the caller's tenant owns. */
    public Flux<EntryResponse.Row> page(Table table, InternalContext context, UUID distributionId, Keyset<EntryResponse.Row> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + Participant.COLUMNS + " FROM " + table.name()
                        + " WHERE distribution_id = :id AND " + SCOPE + keyset.sql()), context)
                        .bind("id", distributionId))
                .map(row -> Participant.from(row).row())
                .all();
    }

    /**
     * Every row of a distribution in arrival order, read as a stream: R2DBC hands rows on as PostgreSQL sends them
     * and the subscriber's demand paces the read, so an export never holds the list in memory.
     */
    public Flux<Participant> stream(Table table, InternalContext context, UUID distributionId) {
        return scoped(db.sql("SELECT " + Participant.COLUMNS + " FROM " + table.name() + " WHERE distribution_id = :id AND "
                        + SCOPE + " ORDER BY seq"), context)
                .bind("id", distributionId)
                .map(Participant::from)
                .all();
    }

    /** The consumer's rows in these statuses across the caller's tenant, newest first, at most {@code limit}. */
    public Flux<Participant> ofConsumer(Table table, InternalContext context, UUID consumer, Collection<String> statuses, int limit) {
        return scoped(db.sql("SELECT " + Participant.COLUMNS + " FROM " + table.name() + " WHERE consumer_id = :consumer AND " + SCOPE
                        + " AND status = ANY(:statuses) ORDER BY entered_at DESC, distribution_id LIMIT :limit"), context)
                .bind("consumer", consumer)
                .bind("statuses", statuses.toArray(String[]::new))
                .bind("limit", limit)
                .map(Participant::from)
                .all();
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }
}
