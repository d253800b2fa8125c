package io.dropline.analytics.webhook;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL of the endpoints; every API read and write is scoped by the context's organization and environment. */
@Repository
class WebhookRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";

    /** {@code GET /webhooks}: oldest first, the id breaking ties. */
    static final KeysetList<WebhookEndpoint> LIST = KeysetList.<WebhookEndpoint>builder()
            .fixedOrder(KeyColumn.instant("created_at", WebhookEndpoint::createdAt), false)
            .tieBreaker(KeyColumn.uuid("id", WebhookEndpoint::id))
            .build();

    private final DatabaseClient db;

    WebhookRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<WebhookEndpoint> insert(InternalContext context, UUID id, String url, List<String> events, boolean enabled,
            String secret, Instant now) {
        return scoped(db.sql("INSERT INTO webhook_endpoints (id, organization_id, environment, url, events, enabled, secret, "
                        + "created_at, updated_at) VALUES (:id, :org, :env, :url, :events, :enabled, :secret, :now, :now) "
                        + "RETURNING " + WebhookEndpoint.COLUMNS), context)
                .bind("id", id)
                .bind("url", url)
                .bind("events", events.toArray(String[]::new))
                .bind("enabled", enabled)
                .bind("secret", secret)
                .bind("now", now)
                .map(WebhookEndpoint::from)
                .one();
    }

    Mono<WebhookEndpoint> find(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + WebhookEndpoint.COLUMNS + " FROM webhook_endpoints WHERE id = :id AND " + SCOPE), context)
                .bind("id", id)
                .map(WebhookEndpoint::from)
                .one();
    }

    /** For the delivery runner, which acts for every tenant. */
    Mono<WebhookEndpoint> findAnyTenant(UUID id) {
        return db.sql("SELECT " + WebhookEndpoint.COLUMNS + " FROM webhook_endpoints WHERE id = :id")
                .bind("id", id)
                .map(WebhookEndpoint::from)
                .one();
    }

    Flux<WebhookEndpoint> page(InternalContext context, Keyset<WebhookEndpoint> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + WebhookEndpoint.COLUMNS + " FROM webhook_endpoints WHERE " + SCOPE
                        + keyset.sql()), context))
                .map(WebhookEndpoint::from)
                .all();
    }

    /**
     * Applies a PATCH; re-enabling clears the auto-disable bookkeeping (the merchant fixed the receiver), disabling by
     * hand records why.
     */
    Mono<WebhookEndpoint> update(InternalContext context, UUID id, String url, List<String> events, Boolean enabled, Instant now) {
        GenericExecuteSpec spec = scoped(db.sql("UPDATE webhook_endpoints SET "
                        + "url = COALESCE(:url, url), events = COALESCE(:events, events), "
                        + "enabled = COALESCE(:enabled, enabled), "
                        + "disabled_reason = CASE WHEN :enabled IS NULL THEN disabled_reason WHEN :enabled THEN NULL "
                        + "ELSE 'disabled by the API' END, "
                        + "consecutive_failures = CASE WHEN :enabled AND NOT enabled THEN 0 ELSE consecutive_failures END, "
                        + "failing_since = CASE WHEN :enabled AND NOT enabled THEN NULL ELSE failing_since END, "
                        + "updated_at = :now WHERE id = :id AND " + SCOPE + " RETURNING " + WebhookEndpoint.COLUMNS), context)
                .bind("id", id)
                .bind("now", now);
        spec = url == null ? spec.bindNull("url", String.class) : spec.bind("url", url);
        spec = events == null ? spec.bindNull("events", String[].class) : spec.bind("events", events.toArray(String[]::new));
        spec = enabled == null ? spec.bindNull("enabled", Boolean.class) : spec.bind("enabled", enabled);
        return spec.map(WebhookEndpoint::from).one();
    }

    /** The new secret signs from now on; the old one also signs until {@code overlapUntil}. */
    Mono<WebhookEndpoint> rotate(InternalContext context, UUID id, String secret, Instant overlapUntil, Instant now) {
        return scoped(db.sql("UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = :until, "
                        + "secret = :secret, updated_at = :now WHERE id = :id AND " + SCOPE + " RETURNING " + WebhookEndpoint.COLUMNS), context)
                .bind("id", id)
                .bind("secret", secret)
                .bind("until", overlapUntil)
                .bind("now", now)
                .map(WebhookEndpoint::from)
                .one();
    }

    /** Deletes the endpoint (its deliveries and their attempts go with it); the deleted endpoint, or empty. */
    Mono<WebhookEndpoint> delete(InternalContext context, UUID id) {
        return scoped(db.sql("DELETE FROM webhook_endpoints WHERE id = :id AND " + SCOPE + " RETURNING " + WebhookEndpoint.COLUMNS), context)
                .bind("id", id)
                .map(WebhookEndpoint::from)
                .one();
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }
}
