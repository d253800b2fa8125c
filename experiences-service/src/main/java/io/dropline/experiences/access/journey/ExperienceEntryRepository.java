package io.dropline.experiences.access.journey;

import io.dropline.contracts.context.InternalContext;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL for {@code experience_entries} (V4); every statement is scoped by the caller's organization and environment. */
@Repository
class ExperienceEntryRepository {

    private final DatabaseClient db;

    ExperienceEntryRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Idempotent: inside already → the first enteredAt; after a leave → a new stay from {@code now}. */
    Mono<Instant> enter(InternalContext context, UUID experienceId, UUID consumerId, Instant now) {
        return db.sql("INSERT INTO experience_entries (experience_id, consumer_id, organization_id, environment, entered_at) "
                        + "VALUES (:experience, :consumer, :org, :env, :now) "
                        + "ON CONFLICT (experience_id, consumer_id) DO UPDATE SET "
                        + "entered_at = CASE WHEN experience_entries.left_at IS NULL THEN experience_entries.entered_at ELSE EXCLUDED.entered_at END, "
                        + "left_at = NULL "
                        + "WHERE experience_entries.organization_id = :org AND experience_entries.environment = :env "
                        + "RETURNING entered_at")
                .bind("experience", experienceId).bind("consumer", consumerId)
                .bind("org", context.organizationId()).bind("env", context.environment().wire()).bind("now", now)
                .map(row -> row.get("entered_at", Instant.class))
                .one();
    }

    /** Marks the current stay left; true when there was one. */
    Mono<Boolean> leave(InternalContext context, UUID experienceId, UUID consumerId, Instant now) {
        return db.sql("UPDATE experience_entries SET left_at = :now WHERE experience_id = :experience AND consumer_id = :consumer "
                        + "AND organization_id = :org AND environment = :env AND left_at IS NULL")
                .bind("experience", experienceId).bind("consumer", consumerId)
                .bind("org", context.organizationId()).bind("env", context.environment().wire()).bind("now", now)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }
}
