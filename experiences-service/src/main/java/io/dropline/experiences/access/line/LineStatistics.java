package io.dropline.experiences.access.line;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Participation figures of queues, from the record (PostgreSQL), for admin views: sequence metrics and the
 * "cannot delete while consumers wait or hold a grant" rule. Not for hot paths.
 */
@Component
public class LineStatistics {

    private final DatabaseClient db;

    LineStatistics(DatabaseClient db) {
        this.db = db;
    }

    /** Entries per status (QUEUED, GRANTED, LEFT, COMPLETED, DENIED) over the given queues; absent statuses are 0. */
    public Mono<Map<String, Long>> countsByStatus(Collection<UUID> queueIds) {
        if (queueIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("SELECT status, count(*) AS n FROM queue_entries WHERE queue_id = ANY(:ids) GROUP BY status")
                .bind("ids", queueIds.toArray(UUID[]::new))
                .map(row -> Map.entry(row.get("status", String.class), row.get("n", Long.class)))
                .all()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Whether any consumer is waiting in, or holds an unexpired grant of, one of these queues. */
    public Mono<Boolean> hasActiveParticipants(Collection<UUID> queueIds) {
        if (queueIds.isEmpty()) {
            return Mono.just(false);
        }
        return db.sql("SELECT EXISTS (SELECT 1 FROM queue_entries WHERE queue_id = ANY(:ids) AND "
                        + "(status = 'QUEUED' OR (status = 'GRANTED' AND (grant_expires_at IS NULL OR grant_expires_at > now())))) AS active")
                .bind("ids", queueIds.toArray(UUID[]::new))
                .map(row -> row.get("active", Boolean.class))
                .one();
    }
}
