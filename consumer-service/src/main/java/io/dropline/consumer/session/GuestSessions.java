package io.dropline.consumer.session;

import io.dropline.consumer.config.SessionProperties;
import io.dropline.contracts.batch.GroupCommit;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Group commit of guest sessions ({@code POST /auth/guest}, the first request of every visitor of a flash sale):
 * the guests that arrive while earlier batches commit share one statement (SessionRepository#insertGuests) and
 * one commit, so a burst costs a few commits per hundred sessions instead of a transaction of five round trips each,
 * and holds at most {@code guest-batch-concurrency} pooled connections. Every guest is answered only after its
 * batch committed; a failed batch fails each of its guests with the batch's error (503 with Retry-After when
 * PostgreSQL is unreachable), and being one statement it leaves none of its rows behind.
 */
@Component
class GuestSessions {

    private static final Logger log = LoggerFactory.getLogger(GuestSessions.class);

    /** A guest to create: its tenant, and the ids and refresh-token hash chosen for it before its batch. */
    record Guest(UUID organizationId, String environment, UUID consumerId, UUID sessionId, UUID refreshTokenId,
            byte[] refreshTokenHash) {
    }

    /** When a guest's batch committed: its rows' created_at, and its session's (and refresh token's) expiry. */
    record Committed(Instant at, Instant expiresAt) {
    }

    private final SessionRepository repository;
    private final SessionProperties properties;
    private final Clock clock;
    private final GroupCommit<Guest, Committed> commits;

    GuestSessions(SessionRepository repository, SessionProperties properties, Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
        this.commits = new GroupCommit<>(properties.guestBatchSize(), properties.guestBatchConcurrency(), this::commit);
    }

    /** Completes once the guest's consumer, session and refresh token are committed. */
    Mono<Committed> create(Guest guest) {
        return commits.submit(guest);
    }

    private Mono<List<Committed>> commit(List<Guest> batch) {
        // PostgreSQL keeps microseconds; truncating here makes responses equal what a later read returns.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Committed committed = new Committed(now, now.plus(properties.refreshTokenTtl()));
        return repository.insertGuests(batch, committed.at(), committed.expiresAt())
                .flatMap(inserted -> inserted == batch.size()
                        ? Mono.just(Collections.nCopies(batch.size(), committed))
                        : Mono.error(new IllegalStateException("A batch of " + batch.size() + " guests inserted " + inserted)))
                .doOnError(failure -> log.warn("A batch of {} guest sessions failed: {}", batch.size(), failure.toString()));
    }
}
