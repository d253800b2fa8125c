package io.dropline.audience.audience;

import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for audiences and their members. Every statement on {@code audiences} is scoped by organization and
 * environment from the internal context, and member rows are only reached through a scoped audience, so another
 * tenant's id (or a test key's view of live data) simply finds no row.
 */
@Repository
class AudienceRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";

    /** {@code GET /audiences}: newest first by default; a sort expression never yields null, the id breaks ties. */
    static final KeysetList<AudienceEntity> LIST = KeysetList.<AudienceEntity>builder()
            .filter(ListFilter.search("name").rejecting(search -> search.indexOf('\0') >= 0, "Must not contain control characters"))
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", AudienceEntity::createdAt))
            .sortBy("name", KeyColumn.text("lower(name)", audience -> audience.name().toLowerCase(Locale.ROOT)))
            .tieBreaker(KeyColumn.uuid("id", AudienceEntity::id))
            .build();

    /** {@code GET /audiences/{id}/members}: newest first, the consumer id breaking ties. */
    static final KeysetList<MemberEntity> MEMBERS = KeysetList.<MemberEntity>builder()
            .fixedOrder(KeyColumn.instant("added_at", MemberEntity::addedAt), true)
            .tieBreaker(KeyColumn.uuid("consumer_id", MemberEntity::consumerId))
            .build();

    private final DatabaseClient db;

    AudienceRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<AudienceEntity> insert(InternalContext context, UUID id, CreateAudienceRequest fields, Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO audiences (id, organization_id, environment, name, description, type, "
                        + "member_count, created_at, updated_at) "
                        + "VALUES (:id, :org, :env, :name, :description, :type, 0, :now, :now) RETURNING " + AudienceEntity.COLUMNS)
                .bind("id", id)
                .bind("name", fields.storedName().value())
                .bind("type", fields.audienceType().name())
                .bind("now", now);
        spec = nullable(scoped(spec, context), "description", fields.storedDescription().value());
        return spec.map(AudienceEntity::from).one();
    }

    Mono<AudienceEntity> findById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + AudienceEntity.COLUMNS + " FROM audiences WHERE id = :id AND " + SCOPE), context)
                .bind("id", id)
                .map(AudienceEntity::from)
                .one();
    }

    /** Applies only the fields present in {@code changes}, in one statement, so concurrent partial updates compose. */
    Mono<AudienceEntity> update(InternalContext context, UUID id, UpdateAudienceRequest changes, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE audiences SET "
                        + "name = CASE WHEN :setName THEN :name ELSE name END, "
                        + "description = CASE WHEN :setDescription THEN :description ELSE description END, "
                        + "updated_at = :now "
                        + "WHERE id = :id AND " + SCOPE + " RETURNING " + AudienceEntity.COLUMNS)
                .bind("id", id)
                .bind("now", now);
        spec = change(scoped(spec, context), "Name", "name", changes.storedName());
        spec = change(spec, "Description", "description", changes.storedDescription());
        return spec.map(AudienceEntity::from).one();
    }

    /** Members go with the audience ({@code ON DELETE CASCADE}). */
    Mono<AudienceEntity> delete(InternalContext context, UUID id) {
        return scoped(db.sql("DELETE FROM audiences WHERE id = :id AND " + SCOPE + " RETURNING " + AudienceEntity.COLUMNS), context)
                .bind("id", id)
                .map(AudienceEntity::from)
                .one();
    }

    /** One page of the list in the page's direction, plus one row to tell whether more follow. */
    Flux<AudienceEntity> page(InternalContext context, Keyset<AudienceEntity> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + AudienceEntity.COLUMNS + " FROM audiences WHERE " + SCOPE + keyset.sql()), context))
                .map(AudienceEntity::from)
                .all();
    }

    /**
     * Locks the audience row for a member change, so concurrent changes to one audience serialize and its
     * member count stays exact. Empty when the audience is not in the caller's tenant. Call inside a transaction.
     */
    Mono<UUID> lockForMemberChange(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT id FROM audiences WHERE id = :id AND " + SCOPE + " FOR UPDATE"), context)
                .bind("id", id)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /** Adds the consumers that are not members yet; answers how many were added. */
    Mono<Long> insertMembers(UUID audienceId, List<UUID> consumerIds, Instant now) {
        return db.sql("INSERT INTO audience_members (audience_id, consumer_id, added_at) "
                        + "SELECT :audience, consumer_id, :now FROM unnest(CAST(:consumers AS uuid[])) AS consumer_id "
                        + "ON CONFLICT (audience_id, consumer_id) DO NOTHING")
                .bind("audience", audienceId)
                .bind("consumers", consumerIds.toArray(UUID[]::new))
                .bind("now", now)
                .fetch()
                .rowsUpdated();
    }

    /** Removes the consumers that are members; answers how many were removed. */
    Mono<Long> deleteMembers(UUID audienceId, List<UUID> consumerIds) {
        return db.sql("DELETE FROM audience_members WHERE audience_id = :audience AND consumer_id = ANY(:consumers)")
                .bind("audience", audienceId)
                .bind("consumers", consumerIds.toArray(UUID[]::new))
                .fetch()
                .rowsUpdated();
    }

    /** Moves the member count by {@code delta} (updating {@code updated_at} only when it moves); answers the count. */
    Mono<MemberCount> adjustMemberCount(UUID audienceId, long delta, Instant now) {
        return db.sql("UPDATE audiences SET member_count = member_count + :delta, "
                        + "updated_at = CASE WHEN :delta <> 0 THEN :now ELSE updated_at END "
                        + "WHERE id = :id RETURNING member_count")
                .bind("id", audienceId)
                .bind("delta", delta)
                .bind("now", now)
                .map(row -> new MemberCount(Math.abs(delta), row.get("member_count", Long.class)))
                .one();
    }

    /** One page of members, newest first, in the page's direction, plus one row to tell whether more follow. */
    Flux<MemberEntity> members(UUID audienceId, Keyset<MemberEntity> keyset) {
        return keyset.bind(db.sql("SELECT " + MemberEntity.COLUMNS + " FROM audience_members WHERE audience_id = :audience" + keyset.sql())
                        .bind("audience", audienceId))
                .map(MemberEntity::from)
                .all();
    }

    /**
     * Everything the membership answer needs, in one indexed statement: the audience (by primary key, in the
     * caller's tenant), its type, and whether the consumer is listed in it (a primary-key lookup on
     * {@code audience_members}). Empty when the audience is not in the caller's tenant.
     */
    Mono<MembershipProbe> probeMembership(InternalContext context, UUID audienceId, UUID consumerId) {
        return scoped(db.sql("SELECT a.type, EXISTS (SELECT 1 FROM audience_members m "
                        + "WHERE m.audience_id = a.id AND m.consumer_id = :consumer) AS listed "
                        + "FROM audiences a WHERE a.id = :id AND a.organization_id = :org AND a.environment = :env"), context)
                .bind("id", audienceId)
                .bind("consumer", consumerId)
                .map(row -> new MembershipProbe(audienceId, consumerId, AudienceType.fromColumn(row.get("type", String.class)),
                        Boolean.TRUE.equals(row.get("listed", Boolean.class))))
                .one();
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
