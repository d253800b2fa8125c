package io.dropline.experiences.access.metrics;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.QueryParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/**
 * The live figures of the tenant's queues, or of one experience's or queue's, from indexed reads of the queue
 * engine's record: {@code queue.length} (consumers waiting now: the per-queue counter a join batch keeps),
 * {@code participants.active} (waiting plus holding an unexpired grant), {@code admission.rate} (grants made in the
 * last minute that are still held, read through the partial index of held grants: a lower bound when grants are
 * completed within the minute), {@code distributions.open} (open now by their window and not ended by an admin).
 * One statement, never a scan of history.
 */
@Service
class MetricsService {

    static final String SOURCE = "experiences-service";

    private final DatabaseClient db;
    private final Clock clock;

    MetricsService(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Mono<MetricsResponse> metrics(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> {
                    if (context.surface() != ApiSurface.INTERNAL) {
                        throw new ApiException(HttpStatus.NOT_FOUND, "Not found", null);
                    }
                    return Scope.of(QueryParams.only(params, Set.of("resource")).get("resource"));
                })
                .flatMap(scope -> exists(context, scope).flatMap(found -> found ? read(context, scope)
                        : Mono.error(ApiException.notFound(scope.resourceName()))))
                .name("experiences.internal-metrics");
    }

    /** The whole tenant, one experience, or one queue. */
    record Scope(String column, UUID id, String resourceName) {

        static Scope of(String resource) {
            if (resource == null) {
                return new Scope(null, null, null);
            }
            if (resource.startsWith("exp_")) {
                return new Scope("experience_id", Ids.parse("exp", resource).orElse(null), "Experience");
            }
            if (resource.startsWith("queue_")) {
                return new Scope("id", Ids.parse("queue", resource).orElse(null), "Queue");
            }
            return new Scope("id", null, "Resource");
        }

        String filter() {
            return column == null ? "" : " AND q." + column + " = :scope";
        }
    }

    private Mono<Boolean> exists(InternalContext context, Scope scope) {
        if (scope.column() == null) {
            return Mono.just(true);
        }
        if (scope.id() == null) {
            return Mono.just(false);
        }
        String table = "experience_id".equals(scope.column()) ? "experiences" : "queues";
        return db.sql("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE id = :id AND organization_id = :org AND environment = :env) AS found")
                .bind("id", scope.id())
                .bind("org", context.organizationId())
                .bind("env", context.environment().wire())
                .map(row -> row.get("found", Boolean.class))
                .one();
    }

    private Mono<MetricsResponse> read(InternalContext context, Scope scope) {
        Instant now = clock.instant();
        String queues = "SELECT q.id FROM queues q WHERE q.organization_id = :org AND q.environment = :env" + scope.filter();
        String distributionFilter = scope.column() == null ? ""
                : "experience_id".equals(scope.column()) ? " AND experience_id = :scope" : " AND id = :scope";
        GenericExecuteSpec spec = db.sql("SELECT "
                        + "(SELECT COALESCE(sum(l.waiting), 0) FROM queue_lines l WHERE l.queue_id IN (" + queues + ")) AS waiting, "
                        + "(SELECT count(*) FROM queue_entries e WHERE e.status = 'GRANTED' AND e.organization_id = :org "
                        + "AND e.environment = :env AND (e.grant_expires_at IS NULL OR e.grant_expires_at > :now) "
                        + "AND e.queue_id IN (" + queues + ")) AS holding, "
                        + "(SELECT count(*) FROM queue_entries e WHERE e.status = 'GRANTED' AND e.organization_id = :org "
                        + "AND e.environment = :env AND (e.grant_expires_at IS NULL OR e.grant_expires_at > :now) "
                        + "AND e.granted_at >= :minuteAgo AND e.queue_id IN (" + queues + ")) AS admitted, "
                        + "(SELECT count(*) FROM distributions WHERE organization_id = :org AND environment = :env "
                        + "AND status_override IS NULL AND (open_at IS NULL OR open_at <= :now) "
                        + "AND (close_at IS NULL OR close_at > :now)" + distributionFilter + ") AS open")
                .bind("org", context.organizationId())
                .bind("env", context.environment().wire())
                .bind("now", now)
                .bind("minuteAgo", now.minus(Duration.ofMinutes(1)));
        if (scope.column() != null) {
            spec = spec.bind("scope", scope.id());
        }
        return spec.map(row -> {
                    long waiting = row.get("waiting", Number.class).longValue();
                    Map<String, Number> values = new LinkedHashMap<>();
                    values.put("queue.length", waiting);
                    values.put("participants.active", waiting + row.get("holding", Long.class));
                    values.put("admission.rate", row.get("admitted", Long.class));
                    values.put("distributions.open", row.get("open", Long.class));
                    return new MetricsResponse(SOURCE, now, values);
                })
                .one();
    }
}
