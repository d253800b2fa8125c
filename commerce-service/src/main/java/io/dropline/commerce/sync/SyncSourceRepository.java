package io.dropline.commerce.sync;

import static io.dropline.commerce.common.Sql.SCOPE;
import static io.dropline.commerce.common.Sql.change;
import static io.dropline.commerce.common.Sql.nullable;
import static io.dropline.commerce.common.Sql.scoped;

import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for sync sources, their fetch leases and their schedule. */
@Repository
class SyncSourceRepository {

    /** {@code GET /sync-sources/search}: by the natural key's parts and status, newest first. */
    static final KeysetList<SyncSourceEntity> SEARCH = KeysetList.<SyncSourceEntity>builder()
            .filter(text("syncSource", "sync_source"))
            .filter(text("syncSourceId", "sync_source_id"))
            .filter(ListFilter.oneOf("syncStatus", List.of("PENDING", "SUCCESS", "FAILED"), "sync_status"))
            .fixedOrder(KeyColumn.instant("created_at", SyncSourceEntity::createdAt), true)
            .tieBreaker(KeyColumn.uuid("id", SyncSourceEntity::id))
            .build();

    private static ListFilter<String> text(String parameter, String column) {
        return ListFilter.of(List.of(parameter), (params, errors) -> {
                    String value = params.get(parameter);
                    if (value != null && (value.isBlank() || value.length() > 500)) {
                        errors.add(new io.dropline.contracts.error.FieldError(parameter, "Must be 1 to 500 characters"));
                        return null;
                    }
                    return value == null ? null : value.strip();
                }, value -> value == null ? List.of() : List.of(new ListFilter.Condition(column + " = :" + parameter, parameter, value)),
                value -> List.of(String.valueOf(value)));
    }

    private final DatabaseClient db;

    SyncSourceRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<SyncSourceEntity> insert(InternalContext context, UUID id, String syncSource, String syncSourceId, String status, String sourceData,
            String feedUrl, Integer interval, Instant now) {
        var spec = scoped(db.sql("INSERT INTO sync_sources (id, organization_id, environment, sync_source, sync_source_id, sync_status, "
                        + "source_data, feed_url, sync_interval_seconds, next_sync_at, created_at, updated_at) VALUES (:id, :org, :env, "
                        + ":syncSource, :syncSourceId, coalesce(:status, 'PENDING'), :sourceData::jsonb, :feedUrl, :interval, "
                        + "CASE WHEN :feedUrl IS NOT NULL AND :interval IS NOT NULL THEN CAST(:now AS timestamptz) END, :now, :now) "
                        + "RETURNING " + SyncSourceEntity.COLUMNS), context)
                .bind("id", id).bind("syncSource", syncSource).bind("syncSourceId", syncSourceId).bind("now", now);
        spec = nullable(spec, "status", status, String.class);
        spec = nullable(spec, "sourceData", sourceData, String.class);
        spec = nullable(spec, "feedUrl", feedUrl, String.class);
        spec = nullable(spec, "interval", interval, Integer.class);
        return spec.map(SyncSourceEntity::from).one();
    }

    Mono<SyncSourceEntity> update(InternalContext context, UUID id, Tristate<String> status, Tristate<String> sourceData,
            Tristate<String> feedUrl, Tristate<Integer> interval, Instant now) {
        var spec = scoped(db.sql("UPDATE sync_sources SET "
                        + "sync_status = CASE WHEN :setStatus THEN :status ELSE sync_status END, "
                        + "source_data = CASE WHEN :setSourceData THEN :sourceData::jsonb ELSE source_data END, "
                        + "feed_url = CASE WHEN :setFeedUrl THEN :feedUrl ELSE feed_url END, "
                        + "sync_interval_seconds = CASE WHEN :setInterval THEN :interval ELSE sync_interval_seconds END, "
                        + "next_sync_at = CASE WHEN :setFeedUrl OR :setInterval THEN CAST(:now AS timestamptz) ELSE next_sync_at END, "
                        + "updated_at = :now WHERE id = :id AND " + SCOPE + " AND NOT archived RETURNING " + SyncSourceEntity.COLUMNS), context)
                .bind("id", id).bind("now", now);
        spec = change(spec, "status", status, String.class);
        spec = change(spec, "sourceData", sourceData, String.class);
        spec = change(spec, "feedUrl", feedUrl, String.class);
        spec = change(spec, "interval", interval, Integer.class);
        return spec.map(SyncSourceEntity::from).one();
    }

    Mono<SyncSourceEntity> find(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + SyncSourceEntity.COLUMNS + " FROM sync_sources WHERE id = :id AND " + SCOPE), context)
                .bind("id", id).map(SyncSourceEntity::from).one();
    }

    Mono<SyncSourceEntity> archive(InternalContext context, UUID id, Instant now) {
        return scoped(db.sql("UPDATE sync_sources SET archived = true, next_sync_at = NULL, updated_at = :now WHERE id = :id AND " + SCOPE
                        + " RETURNING " + SyncSourceEntity.COLUMNS), context)
                .bind("id", id).bind("now", now).map(SyncSourceEntity::from).one();
    }

    Flux<SyncSourceEntity> page(InternalContext context, Keyset<SyncSourceEntity> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + SyncSourceEntity.COLUMNS + " FROM sync_sources WHERE " + SCOPE + " AND NOT archived"
                        + keyset.sql()), context))
                .map(SyncSourceEntity::from).all();
    }

    /**
     * The fetch lease: taken when free or expired (a replica that died while fetching loses it after the lease time),
     * so one fetch of a feed runs at a time across replicas. True when this holder now has it.
     */
    Mono<Boolean> lease(UUID source, String holder, Instant now, Instant until) {
        return db.sql("INSERT INTO sync_leases (sync_source_id, holder, expires_at) VALUES (:source, :holder, :until) "
                        + "ON CONFLICT (sync_source_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at "
                        + "WHERE sync_leases.expires_at <= :now RETURNING holder")
                .bind("source", source).bind("holder", holder).bind("until", until).bind("now", now)
                .map(row -> true).one().defaultIfEmpty(false);
    }

    Mono<Void> unlease(UUID source, String holder) {
        return db.sql("DELETE FROM sync_leases WHERE sync_source_id = :source AND holder = :holder")
                .bind("source", source).bind("holder", holder).then();
    }

    /** The outcome of a fetch: status, report, and the next scheduled fetch. */
    Mono<SyncSourceEntity> recordSync(UUID id, String status, String reportJson, Instant now) {
        return db.sql("UPDATE sync_sources SET sync_status = :status, last_sync_report = :report::jsonb, "
                        + "last_synced_at = CASE WHEN :status = 'SUCCESS' THEN CAST(:now AS timestamptz) ELSE last_synced_at END, "
                        + "next_sync_at = CASE WHEN sync_interval_seconds IS NULL THEN NULL "
                        + "ELSE CAST(:now AS timestamptz) + make_interval(secs => sync_interval_seconds) END, updated_at = :now "
                        + "WHERE id = :id RETURNING " + SyncSourceEntity.COLUMNS)
                .bind("id", id).bind("status", status).bind("report", reportJson).bind("now", now)
                .map(SyncSourceEntity::from).one();
    }

    /** Feeds whose scheduled fetch is due, oldest first. */
    Flux<SyncSourceEntity> due(Instant now, int limit) {
        return db.sql("SELECT " + SyncSourceEntity.COLUMNS + " FROM sync_sources WHERE feed_url IS NOT NULL AND NOT archived "
                        + "AND next_sync_at <= :now ORDER BY next_sync_at LIMIT :limit")
                .bind("now", now).bind("limit", limit).map(SyncSourceEntity::from).all();
    }
}
