package io.dropline.experiences.access.draw;

import io.dropline.experiences.access.distribution.DistributionTable;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * SQL for the draws' configuration rows. Every statement but {@link #findAnyById} (timers and the consumer side, which
 * have resolved the tenant already or check it themselves) is scoped by organization and environment, so another
 * tenant's id simply finds no row.
 */
@Repository
class DrawRepository extends DistributionTable<DrawEntity> {

    /** {@code GET /draws}: by creation (newest first by default), the id breaking ties; the queue list's filters. */
    static final KeysetList<DrawEntity> LIST = KeysetList.<DrawEntity>builder()
            .filter(ListFilter.id("sequenceId", "seq", "sequence_id"))
            .filter(ListFilter.id("experienceId", "exp", "experience_id"))
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", DrawEntity::createdAt))
            .sortBy("drawAt", KeyColumn.instant("draw_at", DrawEntity::drawAt))
            .tieBreaker(KeyColumn.uuid("id", DrawEntity::id))
            .build();

    DrawRepository(DatabaseClient db) {
        super(db, "draws", DrawEntity.COLUMNS, DrawEntity::from);
    }

    /** A new draw with its seed and commitment, fixed from here on. */
    Mono<DrawEntity> insert(InternalContext context, UUID id, Parent parent, DrawValues values, byte[] seed, Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO draws (id, organization_id, environment, sequence_id, experience_id, name, "
                        + "time_zone, open_at, close_at, draw_at, supports_guest, winner_count, capacity, admission_expiration_seconds, "
                        + "continue_selecting_until_completed, loyalty_bias_enabled, metadata, seed, seed_commitment, created_at, "
                        + "updated_at) VALUES (:id, :org, :env, :sequenceId, :experienceId, :name, :timeZone, :openAt, :closeAt, "
                        + ":drawAt, :supportsGuest, :winnerCount, :capacity, :expiration, :backfill, :loyalty, :metadata::jsonb, "
                        + ":seed, :commitment, :now, :now) RETURNING " + DrawEntity.COLUMNS)
                .bind("id", id)
                .bind("sequenceId", parent.sequenceId())
                .bind("experienceId", parent.experienceId())
                .bind("seed", seed)
                .bind("commitment", DrawKeys.commitment(seed))
                .bind("now", now);
        return values(scoped(spec, context), values).map(DrawEntity::from).one();
    }

    /** The configuration only: the seed, its commitment and the outcome columns are never written here. */
    Mono<DrawEntity> update(InternalContext context, UUID id, DrawValues values, boolean stop, String stoppedBy, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE draws SET name = :name, time_zone = :timeZone, open_at = :openAt, close_at = :closeAt, "
                        + "draw_at = :drawAt, supports_guest = :supportsGuest, winner_count = :winnerCount, capacity = :capacity, "
                        + "admission_expiration_seconds = :expiration, continue_selecting_until_completed = :backfill, "
                        + "loyalty_bias_enabled = :loyalty, metadata = :metadata::jsonb, "
                        + "status_override = CASE WHEN :stop THEN 'ended' ELSE status_override END, "
                        + "status_override_at = CASE WHEN :stop THEN :now ELSE status_override_at END, "
                        + "status_override_by = CASE WHEN :stop THEN :stoppedBy ELSE status_override_by END, "
                        + "updated_at = :now WHERE id = :id AND " + SCOPE + " RETURNING " + DrawEntity.COLUMNS)
                .bind("id", id)
                .bind("stop", stop)
                .bind("now", now);
        spec = nullable(spec, "stoppedBy", stoppedBy, String.class);
        return values(scoped(spec, context), values).map(DrawEntity::from).one();
    }

    private static GenericExecuteSpec values(GenericExecuteSpec spec, DrawValues values) {
        spec = spec.bind("name", values.name())
                .bind("supportsGuest", values.supportsGuest())
                .bind("drawAt", values.drawAt())
                .bind("winnerCount", values.winnerCount())
                .bind("backfill", values.continueSelectingUntilCompleted())
                .bind("loyalty", values.loyaltyBiasEnabled());
        spec = nullable(spec, "timeZone", values.timeZone(), String.class);
        spec = nullable(spec, "openAt", values.openAt(), Instant.class);
        spec = nullable(spec, "closeAt", values.closeAt(), Instant.class);
        spec = nullable(spec, "capacity", values.capacity(), Integer.class);
        spec = nullable(spec, "expiration", values.admissionExpirationSeconds(), Integer.class);
        return nullable(spec, "metadata", values.metadataJson(), String.class);
    }

}
