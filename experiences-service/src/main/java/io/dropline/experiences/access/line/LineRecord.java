package io.dropline.experiences.access.line;

import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.bus.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The queue engine's record in PostgreSQL: every change a client is told about is committed here first
 * (invariant 1). Each transaction starts by locking the queue's {@code queue_lines} row: that serializes the
 * writes of one queue across all instances, makes capacity and {@code maxAdmissions} exact (invariant 2), and
 * gives every transaction the same lock order, so they cannot deadlock.
 */
@Component
class LineRecord {

    static final String QUEUED = "QUEUED";
    static final String GRANTED = "GRANTED";
    static final String LEFT = "LEFT";
    static final String COMPLETED = "COMPLETED";
    static final String DENIED = "DENIED";

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final Outbox outbox;

    LineRecord(DatabaseClient db, TransactionalOperator transaction, Outbox outbox) {
        this.db = db;
        this.transaction = transaction;
        this.outbox = outbox;
    }

    /** One event of {@code type} about the queue per payload; timers and joins carry no request id or actor. */
    private static List<EventEnvelope> events(String type, QueueSettings queue, List<Map<String, Object>> payloads, Instant at) {
        String organization = Ids.format("org", queue.organizationId());
        String queueId = Ids.format("queue", queue.id());
        return payloads.stream()
                .map(payload -> new EventEnvelope(Ids.format("evt", Ids.newUuid()), type, organization,
                        queue.environment().wire(), "queue", queueId, at, null, null, payload))
                .toList();
    }

    /** The counters of a queue's line, read under its row lock. */
    private record Counters(long nextSeq, int waiting, int admittedTotal) {
    }

    /**
     * What a batch of joins did: every consumer's entry, those turned away because the queue is full, and how many
     * entries the batch wrote (newcomers and returners; the rest were in the queue already).
     */
    record JoinResult(Map<UUID, Entry> entries, List<UUID> full, int entered) {
    }

    /** What a grant attempt did: entries granted now, entries still waiting (over maxAdmissions), and the rest. */
    record GrantResult(List<Entry> granted, List<Entry> stillQueued, List<UUID> notQueued) {
    }

    /**
     * Commits a batch of joins in arrival order: newcomers (and consumers who had left) get the next arrival
     * numbers while capacity lasts; consumers already in the queue keep their entry (enter is idempotent).
     */
    Mono<JoinResult> join(QueueSettings queue, List<UUID> consumers, Instant now) {
        return lockLine(queue.id())
                .flatMap(counters -> findAll(queue.id(), consumers).collectMap(Entry::consumerId)
                        .flatMap(existing -> insertNewcomers(queue, consumers, existing, counters, now)))
                .as(transaction::transactional);
    }

    private Mono<JoinResult> insertNewcomers(QueueSettings queue, List<UUID> consumers, Map<UUID, Entry> existing,
            Counters counters, Instant now) {
        List<UUID> newcomers = consumers.stream()
                .filter(consumer -> !existing.containsKey(consumer) || existing.get(consumer).is(LEFT))
                .toList();
        int room = queue.capacity() == null ? newcomers.size() : Math.max(0, queue.capacity() - counters.waiting());
        List<UUID> admitted = newcomers.subList(0, Math.min(room, newcomers.size()));
        List<UUID> full = newcomers.subList(admitted.size(), newcomers.size());
        if (admitted.isEmpty()) {
            return Mono.just(new JoinResult(new HashMap<>(existing), List.copyOf(full), 0));
        }
        Long[] seqs = new Long[admitted.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = counters.nextSeq() + i;
        }
        return db.sql("INSERT INTO queue_entries (queue_id, consumer_id, organization_id, environment, seq, status, entered_at) "
                        + "SELECT :q, n.consumer, :org, :env, n.seq, 'QUEUED', :now FROM unnest(:consumers::uuid[], :seqs::bigint[]) AS n(consumer, seq) "
                        + "ON CONFLICT (queue_id, consumer_id) DO UPDATE SET seq = EXCLUDED.seq, status = 'QUEUED', "
                        + "entered_at = EXCLUDED.entered_at, dequeued_at = NULL, grant_id = NULL, granted_at = NULL, "
                        + "grant_expires_at = NULL, completed_at = NULL, deny_reason = NULL WHERE queue_entries.status = 'LEFT' "
                        + "RETURNING " + Entry.COLUMNS)
                .bind("q", queue.id())
                .bind("org", queue.organizationId())
                .bind("env", queue.environment().wire())
                .bind("consumers", admitted.toArray(UUID[]::new))
                .bind("seqs", seqs)
                .bind("now", now)
                .map(Entry::from)
                .all()
                .collectList()
                .flatMap(inserted -> updateCounters(queue.id(), admitted.size(), inserted.size(), 0)
                        .then(outbox.append(events(EventTypes.QUEUE_ENTERED, queue, enteredPayloads(queue, inserted, counters.waiting()), now)))
                        .thenReturn(inserted))
                .map(inserted -> {
                    Map<UUID, Entry> entries = new HashMap<>(existing);
                    inserted.forEach(entry -> entries.put(entry.consumerId(), entry));
                    return new JoinResult(entries, List.copyOf(full), inserted.size());
                });
    }

    /**
     * Grants the given consumers, in arrival order, as far as {@code maxAdmissions} allows. Only entries still
     * QUEUED are granted, so repeating a grant (a sweeper finishing a dead instance's work) changes nothing.
     */
    Mono<GrantResult> grant(QueueSettings queue, Collection<UUID> consumers, Instant now) {
        Instant expiresAt = queue.admissionExpirationSeconds() == null ? null : now.plusSeconds(queue.admissionExpirationSeconds());
        return lockLine(queue.id())
                .flatMap(counters -> {
                    int allowed = queue.maxAdmissions() == null ? consumers.size()
                            : Math.max(0, queue.maxAdmissions() - counters.admittedTotal());
                    return grantUpTo(queue, consumers, allowed, now, expiresAt);
                })
                .flatMap(granted -> updateCounters(queue.id(), 0, -granted.size(), granted.size())
                        .then(outbox.append(events(EventTypes.QUEUE_ADMITTED, queue, admittedPayloads(queue, granted), now)))
                        .then(findAll(queue.id(), consumers).collectList())
                        .map(after -> sortGrantResult(granted, after, consumers)))
                .as(transaction::transactional);
    }

    private Mono<List<Entry>> grantUpTo(QueueSettings queue, Collection<UUID> consumers, int allowed, Instant now, Instant expiresAt) {
        if (allowed <= 0) {
            return Mono.just(List.of());
        }
        return nullable(db.sql("WITH pick AS (SELECT consumer_id FROM queue_entries WHERE queue_id = :q AND consumer_id = ANY(:consumers) "
                        + "AND status = 'QUEUED' ORDER BY seq LIMIT :allowed) "
                        + "UPDATE queue_entries e SET status = 'GRANTED', grant_id = gen_random_uuid(), granted_at = :now, "
                        + "grant_expires_at = :expiresAt, dequeued_at = :now FROM pick "
                        + "WHERE e.queue_id = :q AND e.consumer_id = pick.consumer_id RETURNING " + prefixed("e"))
                .bind("q", queue.id())
                .bind("consumers", consumers.toArray(UUID[]::new))
                .bind("allowed", allowed)
                .bind("now", now), "expiresAt", expiresAt, Instant.class)
                .map(Entry::from)
                .all()
                .collectList();
    }

    private static GrantResult sortGrantResult(List<Entry> granted, List<Entry> after, Collection<UUID> asked) {
        Map<UUID, Entry> byConsumer = new LinkedHashMap<>();
        after.forEach(entry -> byConsumer.put(entry.consumerId(), entry));
        List<Entry> grantedNow = new ArrayList<>(granted);
        List<Entry> stillQueued = after.stream().filter(entry -> entry.is(QUEUED)).toList();
        List<UUID> notQueued = asked.stream()
                .filter(consumer -> granted.stream().noneMatch(g -> g.consumerId().equals(consumer)))
                .filter(consumer -> byConsumer.get(consumer) == null || !byConsumer.get(consumer).is(QUEUED))
                .toList();
        return new GrantResult(grantedNow, stillQueued, notQueued);
    }

    /**
     * Moves on consumers whose grant expired: back to their place in line when the queue recycles expired spots,
     * otherwise DENIED with reason ADMISSION_EXPIRED. Only still-GRANTED, expired entries change.
     */
    Mono<List<Entry>> expire(QueueSettings queue, Collection<UUID> consumers, Instant now) {
        return lockLine(queue.id())
                .then(db.sql("UPDATE queue_entries SET "
                                + "status = CASE WHEN :recycle THEN 'QUEUED' ELSE 'DENIED' END, "
                                + "deny_reason = CASE WHEN :recycle THEN NULL ELSE 'ADMISSION_EXPIRED' END, "
                                + "dequeued_at = :now, "
                                + "grant_id = CASE WHEN :recycle THEN NULL ELSE grant_id END, "
                                + "granted_at = CASE WHEN :recycle THEN NULL ELSE granted_at END, "
                                + "grant_expires_at = CASE WHEN :recycle THEN NULL ELSE grant_expires_at END "
                                + "WHERE queue_id = :q AND consumer_id = ANY(:consumers) AND status = 'GRANTED' "
                                + "AND grant_expires_at <= :now RETURNING " + Entry.COLUMNS)
                        .bind("q", queue.id())
                        .bind("consumers", consumers.toArray(UUID[]::new))
                        .bind("recycle", queue.recycleExpiredSpots())
                        .bind("now", now)
                        .map(Entry::from)
                        .all()
                        .collectList())
                .flatMap(changed -> {
                    List<Entry> denied = changed.stream().filter(entry -> entry.is(DENIED)).toList();
                    int requeued = changed.size() - denied.size();
                    return updateCounters(queue.id(), 0, requeued, 0)
                            .then(outbox.append(events(EventTypes.QUEUE_DENIED, queue, deniedPayloads(queue, denied, now), now)))
                            .thenReturn(changed);
                })
                .as(transaction::transactional);
    }

    /** The consumer leaves: QUEUED or GRANTED become LEFT. Empty when they are not in the queue (or already out). */
    Mono<Entry> leave(QueueSettings queue, UUID consumer, Instant now) {
        return changeOne(queue, consumer, List.of(QUEUED, GRANTED), LEFT, null, now, EventTypes.QUEUE_LEFT);
    }

    /** A server-side deny: QUEUED or GRANTED become DENIED with the reason. Empty when there is nothing to deny. */
    Mono<Entry> deny(QueueSettings queue, UUID consumer, String reason, Instant now) {
        return changeOne(queue, consumer, List.of(QUEUED, GRANTED), DENIED, reason, now, EventTypes.QUEUE_DENIED);
    }

    /** Marks a live grant used, once. Empty when the consumer holds no live grant (matching {@code grantId}, if given). */
    Mono<Entry> complete(QueueSettings queue, UUID consumer, UUID grantId, Instant now) {
        return lockLine(queue.id())
                .then(nullable(db.sql("UPDATE queue_entries SET status = 'COMPLETED', completed_at = :now "
                                + "WHERE queue_id = :q AND consumer_id = :consumer AND status = 'GRANTED' "
                                + "AND (grant_expires_at IS NULL OR grant_expires_at > :now) "
                                + "AND (CAST(:grant AS uuid) IS NULL OR grant_id = CAST(:grant AS uuid)) RETURNING " + Entry.COLUMNS)
                        .bind("q", queue.id())
                        .bind("consumer", consumer)
                        .bind("now", now), "grant", grantId, UUID.class)
                        .map(Entry::from)
                        .one())
                .flatMap(entry -> outbox.append(events(EventTypes.QUEUE_COMPLETED, queue,
                                List.of(Map.<String, Object>of("queueId", Ids.format("queue", queue.id()), "sequenceId", Ids.format("seq", queue.sequenceId()),
                                        "experienceId", Ids.format("exp", queue.experienceId()),
                                        "consumerId", Ids.format("cons", consumer), "completedAt", now.toString())), now))
                        .thenReturn(entry))
                .as(transaction::transactional);
    }

    Mono<Entry> find(UUID queueId, UUID consumer) {
        return db.sql("SELECT " + Entry.COLUMNS + " FROM queue_entries WHERE queue_id = :q AND consumer_id = :consumer")
                .bind("q", queueId)
                .bind("consumer", consumer)
                .map(Entry::from)
                .one();
    }

    Mono<Entry> findByGrant(UUID grantId) {
        return db.sql("SELECT " + Entry.COLUMNS + " FROM queue_entries WHERE grant_id = :grant")
                .bind("grant", grantId)
                .map(Entry::from)
                .one();
    }

    /** Everything a rebuild needs, in arrival order. */
    Flux<Entry> allEntries(UUID queueId) {
        return db.sql("SELECT " + Entry.COLUMNS + " FROM queue_entries WHERE queue_id = :q ORDER BY seq")
                .bind("q", queueId)
                .map(Entry::from)
                .all();
    }

    Mono<Integer> admittedTotal(UUID queueId) {
        return db.sql("SELECT admitted_total FROM queue_lines WHERE queue_id = :q")
                .bind("q", queueId)
                .map(row -> row.get("admitted_total", Integer.class))
                .one()
                .defaultIfEmpty(0);
    }

    private Flux<Entry> findAll(UUID queueId, Collection<UUID> consumers) {
        return db.sql("SELECT " + Entry.COLUMNS + " FROM queue_entries WHERE queue_id = :q AND consumer_id = ANY(:consumers)")
                .bind("q", queueId)
                .bind("consumers", consumers.toArray(UUID[]::new))
                .map(Entry::from)
                .all();
    }

    private Mono<Entry> changeOne(QueueSettings queue, UUID consumer, List<String> from, String to, String reason, Instant now,
            String eventType) {
        return lockLine(queue.id())
                .then(find(queue.id(), consumer))
                .filter(entry -> from.contains(entry.status()))
                .flatMap(before -> nullable(db.sql("UPDATE queue_entries SET status = :to, dequeued_at = :now, deny_reason = :reason "
                                + "WHERE queue_id = :q AND consumer_id = :consumer RETURNING " + Entry.COLUMNS)
                        .bind("to", to)
                        .bind("now", now), "reason", reason, String.class)
                        .bind("q", queue.id())
                        .bind("consumer", consumer)
                        .map(Entry::from)
                        .one()
                        .flatMap(after -> updateCounters(queue.id(), 0, before.is(QUEUED) ? -1 : 0, 0)
                                .then(outbox.append(events(eventType, queue, List.of(changePayload(queue, consumer, to, reason, before, now)), now)))
                                .thenReturn(after)))
                .as(transaction::transactional);
    }

    /**
     * Creates the queue's line row if needed, locks it and reads its counters in one statement (one round trip less
     * per transaction than an insert and a SELECT … FOR UPDATE): ON CONFLICT DO UPDATE locks the existing row like
     * FOR UPDATE does, and the no-op update changes no value.
     */
    private Mono<Counters> lockLine(UUID queueId) {
        return db.sql("INSERT INTO queue_lines (queue_id) VALUES (:q) ON CONFLICT (queue_id) DO UPDATE SET queue_id = EXCLUDED.queue_id "
                        + "RETURNING next_seq, waiting, admitted_total")
                .bind("q", queueId)
                .map(row -> new Counters(row.get("next_seq", Long.class), row.get("waiting", Integer.class),
                        row.get("admitted_total", Integer.class)))
                .one();
    }

    private Mono<Void> updateCounters(UUID queueId, int seqsUsed, int waitingDelta, int admittedDelta) {
        return db.sql("UPDATE queue_lines SET next_seq = next_seq + :seqs, waiting = waiting + :waiting, "
                        + "admitted_total = admitted_total + :admitted WHERE queue_id = :q")
                .bind("seqs", seqsUsed)
                .bind("waiting", waitingDelta)
                .bind("admitted", admittedDelta)
                .bind("q", queueId)
                .then();
    }

    private static <T> DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name, T value,
            Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static String prefixed(String alias) {
        return String.join(", ", java.util.Arrays.stream(Entry.COLUMNS.split(", ")).map(c -> alias + "." + c).toList());
    }

    private static Map<String, Object> common(QueueSettings queue, UUID consumer) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("queueId", Ids.format("queue", queue.id()));
        payload.put("sequenceId", Ids.format("seq", queue.sequenceId()));
        payload.put("experienceId", Ids.format("exp", queue.experienceId()));
        payload.put("consumerId", Ids.format("cons", consumer));
        return payload;
    }

    private static List<Map<String, Object>> enteredPayloads(QueueSettings queue, List<Entry> inserted, int waitingBefore) {
        List<Map<String, Object>> payloads = new ArrayList<>();
        List<Entry> ordered = inserted.stream().sorted(java.util.Comparator.comparingLong(Entry::seq)).toList();
        for (int i = 0; i < ordered.size(); i++) {
            Map<String, Object> payload = common(queue, ordered.get(i).consumerId());
            payload.put("position", waitingBefore + i + 1);
            payload.put("enteredAt", ordered.get(i).enteredAt().toString());
            payloads.add(payload);
        }
        return payloads;
    }

    /** The grant itself is a bearer credential and never goes into events; its id does. */
    private static List<Map<String, Object>> admittedPayloads(QueueSettings queue, List<Entry> granted) {
        return granted.stream().map(entry -> {
            Map<String, Object> payload = common(queue, entry.consumerId());
            payload.put("enteredAt", entry.enteredAt().toString());
            payload.put("admittedAt", entry.grantedAt().toString());
            payload.put("grantId", Ids.format("grant", entry.grantId()));
            payload.put("waitTimeSeconds", java.time.Duration.between(entry.enteredAt(), entry.grantedAt()).toSeconds());
            return payload;
        }).toList();
    }

    private static List<Map<String, Object>> deniedPayloads(QueueSettings queue, List<Entry> denied, Instant now) {
        return denied.stream().map(entry -> {
            Map<String, Object> payload = common(queue, entry.consumerId());
            payload.put("deniedAt", now.toString());
            payload.put("reason", entry.denyReason());
            return payload;
        }).toList();
    }

    private static Map<String, Object> changePayload(QueueSettings queue, UUID consumer, String to, String reason, Entry before, Instant now) {
        Map<String, Object> payload = common(queue, consumer);
        if (to.equals(LEFT)) {
            payload.put("leftAt", now.toString());
        } else {
            payload.put("deniedAt", now.toString());
            payload.put("reason", reason);
        }
        payload.put("previousStatus", before.status());
        return payload;
    }
}
