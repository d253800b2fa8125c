package io.dropline.experiences.access.queue;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.PageRequest;
import io.dropline.experiences.access.distribution.EntryResponse;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/**
 * Read-only SQL over the queue engine's {@code queue_entries} for the admin consumer list (the queue's participants
 * page, served by the distribution core). Positions are computed here, over the waiting entries' index, so a page
 * shows the same numbers the engine would.
 */
@Repository
class EntryRepository {

    private final DatabaseClient db;

    EntryRepository(DatabaseClient db) {
        this.db = db;
    }

    Flux<EntryResponse.Row> page(InternalContext context, UUID queueId, String status, PageRequest page, Long cursorSeq) {
        boolean ascending = !page.backward();
        StringBuilder sql = new StringBuilder("SELECT e.consumer_id, e.status, e.seq, e.entered_at, e.granted_at, e.grant_expires_at, "
                + "e.completed_at, e.deny_reason, CASE WHEN e.status = 'QUEUED' THEN (SELECT count(*) FROM queue_entries w "
                + "WHERE w.queue_id = e.queue_id AND w.status = 'QUEUED' AND w.seq < e.seq) + 1 END AS position "
                + "FROM queue_entries e WHERE e.queue_id = :queueId AND e.organization_id = :org AND e.environment = :env");
        if (status != null) {
            sql.append(" AND e.status = :status");
        }
        if (cursorSeq != null) {
            sql.append(" AND e.seq ").append(ascending ? ">" : "<").append(" :cursorSeq");
        }
        sql.append(" ORDER BY e.seq ").append(ascending ? "ASC" : "DESC").append(" LIMIT :limit");
        GenericExecuteSpec spec = db.sql(sql.toString())
                .bind("queueId", queueId)
                .bind("org", context.organizationId())
                .bind("env", context.environment().wire())
                .bind("limit", page.size() + 1);
        if (status != null) {
            spec = spec.bind("status", status);
        }
        if (cursorSeq != null) {
            spec = spec.bind("cursorSeq", cursorSeq);
        }
        return spec.map(EntryResponse.Row::from).all();
    }
}
