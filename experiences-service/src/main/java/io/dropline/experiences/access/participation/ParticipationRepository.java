package io.dropline.experiences.access.participation;

import io.dropline.contracts.context.InternalContext;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/** The queue engine's record (queue_entries, V3) and the draws' (draw_entries, V8) read by consumer, for the participations view. */
@Repository
class ParticipationRepository {

    /** A consumer resuming has a handful of live entries; the cap keeps a pathological one from costing much. */
    static final int LIMIT = 50;

    private final DatabaseClient db;

    ParticipationRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The consumer's QUEUED or GRANTED entries in the caller's tenant, newest first (index queue_entries_by_consumer). */
    Flux<ActiveEntry> activeQueues(InternalContext context, UUID consumer) {
        return db.sql("SELECT e.queue_id, q.experience_id, q.sequence_id FROM queue_entries e "
                        + "JOIN queues q ON q.id = e.queue_id AND q.organization_id = e.organization_id AND q.environment = e.environment "
                        + "WHERE e.consumer_id = :consumer AND e.organization_id = :org AND e.environment = :env "
                        + "AND e.status IN ('QUEUED', 'GRANTED') ORDER BY e.entered_at DESC, e.queue_id LIMIT " + LIMIT)
                .bind("consumer", consumer)
                .bind("org", context.organizationId())
                .bind("env", context.environment().wire())
                .map(row -> new ActiveEntry(row.get("queue_id", UUID.class), row.get("experience_id", UUID.class),
                        row.get("sequence_id", UUID.class)))
                .all();
    }

    record ActiveEntry(UUID queueId, UUID experienceId, UUID sequenceId) {
    }

    /**
     * The consumer's live draw entries in the caller's tenant, newest first (index draw_entries_by_consumer): entered in a
     * draw not drawn yet, or won with a grant not used yet. {@code queueId} of the answer is the draw's uuid here.
     */
    Flux<ActiveEntry> activeDraws(InternalContext context, UUID consumer) {
        return db.sql("SELECT e.draw_id, d.experience_id, d.sequence_id FROM draw_entries e "
                        + "JOIN draws d ON d.id = e.draw_id AND d.organization_id = e.organization_id AND d.environment = e.environment "
                        + "WHERE e.consumer_id = :consumer AND e.organization_id = :org AND e.environment = :env "
                        + "AND (e.status = 'WON' OR e.status = 'ENTERED' AND d.drawn_at IS NULL AND d.status_override IS NULL) "
                        + "ORDER BY e.entered_at DESC, e.draw_id LIMIT " + LIMIT)
                .bind("consumer", consumer)
                .bind("org", context.organizationId())
                .bind("env", context.environment().wire())
                .map(row -> new ActiveEntry(row.get("draw_id", UUID.class), row.get("experience_id", UUID.class),
                        row.get("sequence_id", UUID.class)))
                .all();
    }
}
