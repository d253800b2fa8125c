package io.dropline.experiences.access.appointment;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.Keyset;
import io.dropline.experiences.access.distribution.EntryResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for bookings and slot counts (V11). The counts are the invariant: {@link #takeSeat} is the only statement that
 * raises one, conditionally, and every statement that ends or moves a booking gives its seat back in the same
 * transaction, so {@code booked} is always the number of BOOKED rows of the slot and never above its capacity.
 */
@Repository
class BookingRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";

    private final DatabaseClient db;

    BookingRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * One more booking of the slot if it has room: inserts its count at 1, or raises it while below {@code capacity}.
     * PostgreSQL locks the conflicting row and re-reads the condition on its latest committed version, so concurrent
     * callers on any replica queue on the row and exactly {@code capacity} of them get a row back. Empty: full.
     */
    Mono<Integer> takeSeat(UUID appointmentId, Instant start, int capacity) {
        return db.sql("INSERT INTO appointment_slots (appointment_id, start_at, booked) VALUES (:id, :start, 1) "
                        + "ON CONFLICT (appointment_id, start_at) DO UPDATE SET booked = appointment_slots.booked + 1 "
                        + "WHERE appointment_slots.booked < :capacity RETURNING booked")
                .bind("id", appointmentId)
                .bind("start", start)
                .bind("capacity", capacity)
                .map(row -> row.get("booked", Integer.class))
                .one();
    }

    /** The slot's booked count now (0 without a row): a hint only, never what decides a booking. */
    Mono<Integer> booked(UUID appointmentId, Instant start) {
        return db.sql("SELECT booked FROM appointment_slots WHERE appointment_id = :id AND start_at = :start")
                .bind("id", appointmentId)
                .bind("start", start)
                .map(row -> row.get("booked", Integer.class))
                .one()
                .defaultIfEmpty(0);
    }

    /** Gives one seat of the slot back (a booking ended or moved away). */
    Mono<Void> releaseSeat(UUID appointmentId, Instant start) {
        return db.sql("UPDATE appointment_slots SET booked = booked - 1 WHERE appointment_id = :id AND start_at = :start AND booked > 0")
                .bind("id", appointmentId)
                .bind("start", start)
                .then();
    }

    /** The booked counts of the slots starting in [from, to), by start. */
    Mono<Map<Instant, Integer>> counts(UUID appointmentId, Instant from, Instant to) {
        return db.sql("SELECT start_at, booked FROM appointment_slots WHERE appointment_id = :id AND start_at >= :from AND start_at < :to")
                .bind("id", appointmentId)
                .bind("from", from)
                .bind("to", to)
                .map(row -> Map.entry(row.get("start_at", Instant.class), row.get("booked", Integer.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    Mono<BookingEntity> insert(InternalContext context, UUID id, UUID appointmentId, UUID consumer, Instant start, Instant end, String code,
            Instant now) {
        return scoped(db.sql("INSERT INTO appointment_bookings (id, appointment_id, organization_id, environment, consumer_id, status, "
                        + "slot_start, slot_end, confirmation_code, booked_at, updated_at) VALUES (:id, :appointment, :org, :env, :consumer, "
                        + "'BOOKED', :start, :end, :code, :now, :now) RETURNING " + BookingEntity.COLUMNS), context)
                .bind("id", id)
                .bind("appointment", appointmentId)
                .bind("consumer", consumer)
                .bind("start", start)
                .bind("end", end)
                .bind("code", code)
                .bind("now", now)
                .map(BookingEntity::from)
                .one();
    }

    /** The consumer's BOOKED booking of the appointment, locked for a change (reschedule, cancel). */
    Mono<BookingEntity> lockBooked(UUID appointmentId, UUID consumer) {
        return db.sql("SELECT " + BookingEntity.COLUMNS + " FROM appointment_bookings WHERE appointment_id = :id AND consumer_id = :consumer "
                        + "AND status = 'BOOKED' FOR UPDATE")
                .bind("id", appointmentId)
                .bind("consumer", consumer)
                .map(BookingEntity::from)
                .one();
    }

    /** The consumer's BOOKED booking of this slot, locked (an admin removing an attendee). */
    Mono<BookingEntity> lockBookedInSlot(UUID appointmentId, Instant start, UUID consumer) {
        return db.sql("SELECT " + BookingEntity.COLUMNS + " FROM appointment_bookings WHERE appointment_id = :id AND consumer_id = :consumer "
                        + "AND slot_start = :start AND status = 'BOOKED' FOR UPDATE")
                .bind("id", appointmentId)
                .bind("consumer", consumer)
                .bind("start", start)
                .map(BookingEntity::from)
                .one();
    }

    /** The consumer's latest booking of the appointment, whatever its status (a new booking after a cancel is later). */
    Mono<BookingEntity> latest(UUID appointmentId, UUID consumer) {
        return db.sql("SELECT " + BookingEntity.COLUMNS + " FROM appointment_bookings WHERE appointment_id = :id AND consumer_id = :consumer "
                        + "ORDER BY seq DESC LIMIT 1")
                .bind("id", appointmentId)
                .bind("consumer", consumer)
                .map(BookingEntity::from)
                .one();
    }

    /** Moves a BOOKED booking to another slot (its reminders start over for the new one). */
    Mono<BookingEntity> move(UUID bookingId, Instant start, Instant end, Instant now) {
        return db.sql("UPDATE appointment_bookings SET slot_start = :start, slot_end = :end, rescheduled_at = :now, "
                        + "reschedule_count = reschedule_count + 1, reminded_24h_at = NULL, reminded_1h_at = NULL, updated_at = :now "
                        + "WHERE id = :id AND status = 'BOOKED' RETURNING " + BookingEntity.COLUMNS)
                .bind("id", bookingId)
                .bind("start", start)
                .bind("end", end)
                .bind("now", now)
                .map(BookingEntity::from)
                .one();
    }

    /** Ends a BOOKED booking (CANCELLED or REMOVED); empty when it was not BOOKED any more. */
    Mono<BookingEntity> end(UUID bookingId, String status, String reason, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE appointment_bookings SET status = :status, cancelled_at = :now, cancel_reason = :reason, "
                        + "updated_at = :now WHERE id = :id AND status = 'BOOKED' RETURNING " + BookingEntity.COLUMNS)
                .bind("id", bookingId)
                .bind("status", status)
                .bind("now", now);
        return (reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason)).map(BookingEntity::from).one();
    }

    /** The BOOKED bookings of one slot, in booking order (a slot holds at most its capacity). */
    Flux<BookingEntity> attendees(UUID appointmentId, Instant start) {
        return db.sql("SELECT " + BookingEntity.COLUMNS + " FROM appointment_bookings WHERE appointment_id = :id AND slot_start = :start "
                        + "AND status = 'BOOKED' ORDER BY seq")
                .bind("id", appointmentId)
                .bind("start", start)
                .map(BookingEntity::from)
                .all();
    }

    /**
     * Marks the BOOKED bookings of a slot reminded ({@code column}: reminded_24h_at or reminded_1h_at) and returns those
     * it marked: each booking is reminded once, whatever runs this again.
     */
    Flux<BookingEntity> markReminded(UUID appointmentId, Instant start, String column, Instant now) {
        if (!column.equals("reminded_24h_at") && !column.equals("reminded_1h_at")) {
            throw new IllegalArgumentException("Not a reminder column: " + column);
        }
        return db.sql("UPDATE appointment_bookings SET " + column + " = :now WHERE appointment_id = :id AND slot_start = :start "
                        + "AND status = 'BOOKED' AND " + column + " IS NULL RETURNING " + BookingEntity.COLUMNS)
                .bind("id", appointmentId)
                .bind("start", start)
                .bind("now", now)
                .map(BookingEntity::from)
                .all();
    }

    /** The consumer's BOOKED bookings of slots not over yet in the caller's tenant, soonest first. */
    Flux<BookingEntity> upcomingOf(InternalContext context, UUID consumer, Instant now, int limit) {
        return scoped(db.sql("SELECT " + BookingEntity.COLUMNS + " FROM appointment_bookings WHERE consumer_id = :consumer AND " + SCOPE
                        + " AND status = 'BOOKED' AND slot_end > :now ORDER BY slot_start, id LIMIT " + limit), context)
                .bind("consumer", consumer)
                .bind("now", now)
                .map(BookingEntity::from)
                .all();
    }

    /** Every booking of an appointment, for the admin list of its consumers ({@code /distributions/{id}/consumers}). */
    Flux<EntryResponse.Row> participants(InternalContext context, UUID appointmentId, Keyset<EntryResponse.Row> keyset) {
        return keyset.bind(scoped(db.sql("SELECT seq, consumer_id, status, NULL::bigint AS position, booked_at AS entered_at, "
                        + "NULL::timestamptz AS granted_at, NULL::timestamptz AS grant_expires_at, NULL::timestamptz AS completed_at, "
                        + "cancel_reason AS deny_reason FROM appointment_bookings WHERE appointment_id = :id AND " + SCOPE + keyset.sql()),
                        context)
                        .bind("id", appointmentId))
                .map(EntryResponse.Row::from)
                .all();
    }

    Mono<Long> countBooked(UUID appointmentId) {
        return db.sql("SELECT count(*) AS n FROM appointment_bookings WHERE appointment_id = :id AND status = 'BOOKED'")
                .bind("id", appointmentId)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }
}
