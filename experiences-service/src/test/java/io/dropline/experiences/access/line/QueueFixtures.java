package io.dropline.experiences.access.line;

import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Queues made straight in the database, so engine tests do not depend on the admin API's validation. */
final class QueueFixtures {

    private final DatabaseClient db;

    QueueFixtures(DatabaseClient db) {
        this.db = db;
    }

    /** Settings of a test queue; null limits are unlimited. */
    record Spec(int admitRate, Integer capacity, Integer maxAdmissions, Integer expirationSeconds, boolean recycle,
            Instant openAt, Instant closeAt, boolean supportsGuest) {

        static Spec rate(int admitRate) {
            return new Spec(admitRate, null, null, 600, false, null, null, true);
        }

        Spec capacity(Integer value) {
            return new Spec(admitRate, value, maxAdmissions, expirationSeconds, recycle, openAt, closeAt, supportsGuest);
        }

        Spec maxAdmissions(Integer value) {
            return new Spec(admitRate, capacity, value, expirationSeconds, recycle, openAt, closeAt, supportsGuest);
        }

        Spec expiresAfter(Integer seconds, boolean recycleSpots) {
            return new Spec(admitRate, capacity, maxAdmissions, seconds, recycleSpots, openAt, closeAt, supportsGuest);
        }

        Spec window(Instant open, Instant close) {
            return new Spec(admitRate, capacity, maxAdmissions, expirationSeconds, recycle, open, close, supportsGuest);
        }

        Spec guests(boolean allowed) {
            return new Spec(admitRate, capacity, maxAdmissions, expirationSeconds, recycle, openAt, closeAt, allowed);
        }
    }

    /** Creates experience, sequence and queue for the organization (live environment); returns the queue's public id. */
    Mono<String> create(UUID org, Spec spec) {
        UUID experience = Ids.newUuid();
        UUID sequence = Ids.newUuid();
        UUID queue = Ids.newUuid();
        Instant now = Instant.now();
        return db.sql("INSERT INTO experiences (id, organization_id, environment, name, created_at, updated_at) "
                        + "VALUES (:id, :org, 'live', 'Drop', :now, :now)")
                .bind("id", experience).bind("org", org).bind("now", now).then()
                .then(db.sql("INSERT INTO sequences (id, organization_id, environment, experience_id, name, created_at, updated_at) "
                                + "VALUES (:id, :org, 'live', :exp, 'General', :now, :now)")
                        .bind("id", sequence).bind("org", org).bind("exp", experience).bind("now", now).then())
                .then(bindNullable(db.sql("INSERT INTO queues (id, organization_id, environment, sequence_id, experience_id, name, "
                                        + "open_at, close_at, supports_guest, admit_rate, capacity, max_admissions, "
                                        + "admission_expiration_seconds, recycle_expired_spots, created_at, updated_at) "
                                        + "VALUES (:id, :org, 'live', :seq, :exp, 'Line', :openAt, :closeAt, :guest, :rate, :capacity, :max, "
                                        + ":expiration, :recycle, :now, :now)")
                                .bind("id", queue).bind("org", org).bind("seq", sequence).bind("exp", experience)
                                .bind("guest", spec.supportsGuest()).bind("rate", spec.admitRate()).bind("recycle", spec.recycle())
                                .bind("now", now), spec)
                        .then())
                .thenReturn(Ids.format("queue", queue));
    }

    private static DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec sql, Spec spec) {
        sql = spec.openAt() == null ? sql.bindNull("openAt", Instant.class) : sql.bind("openAt", spec.openAt());
        sql = spec.closeAt() == null ? sql.bindNull("closeAt", Instant.class) : sql.bind("closeAt", spec.closeAt());
        sql = spec.capacity() == null ? sql.bindNull("capacity", Integer.class) : sql.bind("capacity", spec.capacity());
        sql = spec.maxAdmissions() == null ? sql.bindNull("max", Integer.class) : sql.bind("max", spec.maxAdmissions());
        return spec.expirationSeconds() == null ? sql.bindNull("expiration", Integer.class) : sql.bind("expiration", spec.expirationSeconds());
    }
}
