package io.dropline.experiences.access.queue;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import io.dropline.experiences.access.distribution.EntryResponse;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/**
 * Read-only SQL over the queue engine's {@code queue_entries} for the admin consumer list (the queue's participants
 * page, served by the distribution core). Positions are computed here, over the waiting entries' index, so a page
 * shows the same numbers the engine would.
 */
@Repository
class EntryRepository {

    /** The consumers of a queue in arrival order; {@code seq} is unique per queue, so nothing breaks ties. */
    static final KeysetList<EntryResponse.Row> LIST = KeysetList.<EntryResponse.Row>builder()
            .filter(ListFilter.oneOf("status", List.of("QUEUED", "GRANTED", "LEFT", "COMPLETED", "DENIED"), "e.status"))
            .fixedOrder(KeyColumn.longInteger("e.seq", EntryResponse.Row::seq), false)
            .build();

    private final DatabaseClient db;

    EntryRepository(DatabaseClient db) {
        this.db = db;
    }

    Flux<EntryResponse.Row> page(InternalContext context, UUID queueId, Keyset<EntryResponse.Row> keyset) {
        return keyset.bind(db.sql("SELECT e.consumer_id, e.status, e.seq, e.entered_at, e.granted_at, e.grant_expires_at, "
                        + "e.completed_at, e.deny_reason, CASE WHEN e.status = 'QUEUED' THEN (SELECT count(*) FROM queue_entries w "
                        + "WHERE w.queue_id = e.queue_id AND w.status = 'QUEUED' AND w.seq < e.seq) + 1 END AS position "
                        + "FROM queue_entries e WHERE e.queue_id = :queueId AND e.organization_id = :org AND e.environment = :env"
                        + keyset.sql())
                        .bind("queueId", queueId)
                        .bind("org", context.organizationId())
                        .bind("env", context.environment().wire()))
                .map(EntryResponse.Row::from)
                .all();
    }
}
