package io.dropline.consumer.consumer;

import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for consumers. Every statement is scoped by organization and environment from the internal context,
 * so another tenant's id (or a test key's view of live data) simply finds no row.
 */
@Repository
class ConsumerRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";

    /**
     * {@code GET /consumers}: newest first by default. Sort expressions never yield null (a missing email or name
     * sorts as empty, a missing last order as the epoch), so keyset comparisons are total; the id breaks ties.
     */
    static final KeysetList<ConsumerEntity> LIST = KeysetList.<ConsumerEntity>builder()
            .filter(ListFilter.search("(coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(full_name, ''))"))
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", ConsumerEntity::createdAt))
            .sortBy("email", KeyColumn.text("coalesce(lower(email), '')", consumer -> lowerOrEmpty(consumer.email())))
            .sortBy("fullName", KeyColumn.text("coalesce(lower(full_name), '')", consumer -> lowerOrEmpty(consumer.fullName())))
            .sortBy("lastOrderAt", KeyColumn.instant("coalesce(last_order_at, 'epoch'::timestamptz)",
                    consumer -> consumer.lastOrderAt() == null ? Instant.EPOCH : consumer.lastOrderAt()))
            .sortBy("totalOrderValue", KeyColumn.decimal("total_order_value", ConsumerEntity::totalOrderValue))
            .sortBy("totalOrders", KeyColumn.integer("total_orders", ConsumerEntity::totalOrders))
            .tieBreaker(KeyColumn.uuid("id", ConsumerEntity::id))
            .build();

    private final DatabaseClient db;

    ConsumerRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<ConsumerEntity> insert(InternalContext context, UUID id, ConsumerWrite fields, Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO consumers (id, organization_id, environment, email, phone, full_name, "
                        + "metadata, external_id, created_at, updated_at) "
                        + "VALUES (:id, :org, :env, :email, :phone, :fullName, :metadata::jsonb, :externalId, :now, :now) "
                        + "RETURNING " + ConsumerEntity.COLUMNS)
                .bind("id", id)
                .bind("now", now);
        spec = scoped(spec, context);
        spec = nullable(spec, "email", fields.email().value());
        spec = nullable(spec, "phone", fields.phone().value());
        spec = nullable(spec, "fullName", fields.fullName().value());
        spec = nullable(spec, "metadata", fields.metadataJson().value());
        spec = nullable(spec, "externalId", fields.externalId().value());
        return spec.map(ConsumerEntity::from).one();
    }

    Mono<ConsumerEntity> findById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + ConsumerEntity.COLUMNS + " FROM consumers WHERE id = :id AND " + SCOPE), context)
                .bind("id", id)
                .map(ConsumerEntity::from)
                .one();
    }

    Flux<ConsumerEntity> findByIds(InternalContext context, Collection<UUID> ids) {
        return scoped(db.sql("SELECT " + ConsumerEntity.COLUMNS + " FROM consumers WHERE id = ANY(:ids) AND " + SCOPE), context)
                .bind("ids", ids.toArray(UUID[]::new))
                .map(ConsumerEntity::from)
                .all();
    }

    /** Which of these (lower-cased) emails already belong to a consumer other than the excluded ones. */
    Flux<String> findTakenEmails(InternalContext context, Collection<String> lowerEmails, Collection<UUID> excludedIds) {
        return scoped(db.sql("SELECT lower(email) AS email FROM consumers WHERE " + SCOPE
                        + " AND lower(email) = ANY(:emails) AND NOT (id = ANY(:excluded))"), context)
                .bind("emails", lowerEmails.toArray(String[]::new))
                .bind("excluded", excludedIds.toArray(UUID[]::new))
                .map(row -> row.get("email", String.class))
                .all();
    }

    /** Applies only the fields present in {@code changes}, in one statement, so concurrent partial updates compose. */
    Mono<ConsumerEntity> update(InternalContext context, UUID id, ConsumerWrite changes, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE consumers SET "
                        + "email = CASE WHEN :setEmail THEN :email ELSE email END, "
                        + "phone = CASE WHEN :setPhone THEN :phone ELSE phone END, "
                        + "full_name = CASE WHEN :setFullName THEN :fullName ELSE full_name END, "
                        + "metadata = CASE WHEN :setMetadata THEN :metadata::jsonb ELSE metadata END, "
                        + "external_id = CASE WHEN :setExternalId THEN :externalId ELSE external_id END, "
                        + "updated_at = :now "
                        + "WHERE id = :id AND " + SCOPE + " RETURNING " + ConsumerEntity.COLUMNS)
                .bind("id", id)
                .bind("now", now);
        spec = scoped(spec, context);
        spec = change(spec, "Email", "email", changes.email());
        spec = change(spec, "Phone", "phone", changes.phone());
        spec = change(spec, "FullName", "fullName", changes.fullName());
        spec = change(spec, "Metadata", "metadata", changes.metadataJson());
        spec = change(spec, "ExternalId", "externalId", changes.externalId());
        return spec.map(ConsumerEntity::from).one();
    }

    /** Sets email and full name only where they are null; the email only if no other consumer of the tenant has it. */
    Mono<ConsumerEntity> fillMissing(InternalContext context, UUID id, String email, String fullName, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE consumers c SET "
                        + "email = CASE WHEN c.email IS NULL AND NOT EXISTS (SELECT 1 FROM consumers o WHERE o.organization_id = :org "
                        + "AND o.environment = :env AND lower(o.email) = lower(:email)) THEN :email ELSE c.email END, "
                        + "full_name = coalesce(c.full_name, :fullName), "
                        + "updated_at = CASE WHEN (c.email IS NULL AND :email IS NOT NULL) OR (c.full_name IS NULL AND :fullName IS NOT NULL) "
                        + "THEN :now ELSE c.updated_at END "
                        + "WHERE c.id = :id AND c.organization_id = :org AND c.environment = :env RETURNING " + ConsumerEntity.COLUMNS)
                .bind("id", id)
                .bind("now", now);
        spec = scoped(spec, context);
        spec = nullable(spec, "email", email);
        spec = nullable(spec, "fullName", fullName);
        return spec.map(ConsumerEntity::from).one();
    }

    Mono<ConsumerEntity> delete(InternalContext context, UUID id) {
        return scoped(db.sql("DELETE FROM consumers WHERE id = :id AND " + SCOPE + " RETURNING " + ConsumerEntity.COLUMNS), context)
                .bind("id", id)
                .map(ConsumerEntity::from)
                .one();
    }

    /** One page of the list in the page's direction, plus one row to tell whether more follow. */
    Flux<ConsumerEntity> page(InternalContext context, Keyset<ConsumerEntity> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + ConsumerEntity.COLUMNS + " FROM consumers WHERE " + SCOPE + keyset.sql()), context))
                .map(ConsumerEntity::from)
                .all();
    }

    private static String lowerOrEmpty(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }

    private static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private static GenericExecuteSpec change(GenericExecuteSpec spec, String flag, String name, Tristate<String> change) {
        return nullable(spec.bind("set" + flag, change.present()), name, change.value());
    }

}
