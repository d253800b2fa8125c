package io.dropline.experiences.access.draw;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.event.bus.Outbox;
import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The draws' record in PostgreSQL, the only truth (there is no Redis index: every read is a primary-key or index
 * read here, so nothing needs rebuilding after Redis loses its data). Every transaction that changes entries starts by
 * locking the draw's row: entry batches, leaves, denials, completions and the draw itself serialize there, across all
 * instances, which makes capacity exact, freezes the entry list at the draw (a batch that locks after the draw finds
 * {@code drawn_at} set and is refused) and keeps completions within {@code winnerCount}.
 */
@Component
class DrawRecord {

    /** Entry events of one draw: §10.3 fields; the grant itself is a bearer credential and never goes into events. */
    static final String ENTERED_EVENT = EventTypes.DRAW_ENTERED;
    static final String WON_EVENT = EventTypes.DRAW_WON;
    static final String LOST_EVENT = EventTypes.DRAW_LOST;
    static final String LEFT_EVENT = EventTypes.DRAW_LEFT;
    static final String DENIED_EVENT = EventTypes.DRAW_DENIED;
    static final String COMPLETED_EVENT = EventTypes.DRAW_CONSUMER_COMPLETED;
    static final String DRAW_COMPLETED_EVENT = EventTypes.DRAW_COMPLETED;

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final Outbox outbox;
    private final DrawRepository draws;

    DrawRecord(DatabaseClient db, TransactionalOperator transaction, Outbox outbox, DrawRepository draws) {
        this.db = db;
        this.transaction = transaction;
        this.outbox = outbox;
        this.draws = draws;
    }

    // ---- Entries ----------------------------------------------------------------------------------------------

    /**
     * What a batch of entries did: each consumer's entry, those turned away (full), or the whole batch refused (closed);
     * {@code entered} is how many entries it wrote (newcomers and returners).
     */
    record EnterResult(Map<UUID, DrawEntry> entries, List<UUID> full, boolean closed, int entered) {
    }

    /**
     * Commits a batch of entries in arrival order, as one transaction: newcomers (and consumers who left) get an entry
     * id, its key under the draw's seed and the next arrival numbers while capacity lasts; a consumer already entered
     * keeps their entry (enter is idempotent). The batch is refused whole when the draw was drawn or stopped, or its
     * entry window ended, by the time it holds the row lock.
     */
    Mono<EnterResult> enter(UUID drawId, List<UUID> consumers, Instant now) {
        return draws.lockAnyById(drawId)
                .flatMap(draw -> !accepts(draw, now) ? Mono.just(new EnterResult(Map.of(), List.of(), true, 0))
                        : findAll(drawId, consumers).collectMap(DrawEntry::consumerId)
                                .flatMap(existing -> insertNewcomers(draw, consumers, existing, now)))
                .as(transaction::transactional);
    }

    private static boolean accepts(DrawEntity draw, Instant now) {
        return !draw.drawn() && draw.lifecycle().acceptsEntriesAt(now);
    }

    private Mono<EnterResult> insertNewcomers(DrawEntity draw, List<UUID> consumers, Map<UUID, DrawEntry> existing, Instant now) {
        List<UUID> newcomers = consumers.stream()
                .filter(consumer -> !existing.containsKey(consumer) || existing.get(consumer).is(DrawEntry.LEFT))
                .toList();
        int room = draw.capacity() == null ? newcomers.size() : Math.max(0, draw.capacity() - draw.activeEntries());
        List<UUID> accepted = newcomers.subList(0, Math.min(room, newcomers.size()));
        List<UUID> full = List.copyOf(newcomers.subList(accepted.size(), newcomers.size()));
        if (accepted.isEmpty()) {
            return Mono.just(new EnterResult(new HashMap<>(existing), full, false, 0));
        }
        return weights(draw, accepted)
                .flatMap(weights -> insert(draw, accepted, weights, now))
                .flatMap(inserted -> db.sql("UPDATE draws SET next_seq = next_seq + :n, active_entries = active_entries + :n "
                                + "WHERE id = :id")
                        .bind("n", inserted.size())
                        .bind("id", draw.id())
                        .then()
                        .then(outbox.append(enteredEvents(draw, inserted, now)))
                        .thenReturn(inserted))
                .map(inserted -> {
                    Map<UUID, DrawEntry> entries = new HashMap<>(existing);
                    inserted.forEach(entry -> entries.put(entry.consumerId(), entry));
                    return new EnterResult(entries, full, false, inserted.size());
                });
    }

    /**
     * Each newcomer's weight: 1, or with loyalty bias 1 + the number of this organization's earlier draws the consumer
     * entered and lost (not selected), at most {@link DrawKeys#MAX_WEIGHT}. Fixed at entry and published with the
     * results, so the ordering is reproducible from them.
     */
    private Mono<Map<UUID, Integer>> weights(DrawEntity draw, List<UUID> consumers) {
        if (!draw.loyaltyBiasEnabled()) {
            return Mono.just(Map.of());
        }
        return db.sql("SELECT e.consumer_id, count(*) AS lost FROM draw_entries e JOIN draws d ON d.id = e.draw_id "
                        + "WHERE e.consumer_id = ANY(:consumers) AND e.organization_id = :org AND e.environment = :env "
                        + "AND e.draw_id <> :draw AND d.drawn_at IS NOT NULL AND NOT e.excluded AND e.selection IS NULL "
                        + "GROUP BY e.consumer_id")
                .bind("consumers", consumers.toArray(UUID[]::new))
                .bind("org", draw.organizationId())
                .bind("env", draw.environment())
                .bind("draw", draw.id())
                .map(row -> Map.entry(row.get("consumer_id", UUID.class), row.get("lost", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, lost -> (int) Math.min(DrawKeys.MAX_WEIGHT, 1 + lost.getValue()));
    }

    private Mono<List<DrawEntry>> insert(DrawEntity draw, List<UUID> consumers, Map<UUID, Integer> weights, Instant now) {
        int n = consumers.size();
        UUID[] entryIds = new UUID[n];
        String[] keys = new String[n];
        Integer[] weightOf = new Integer[n];
        Long[] seqs = new Long[n];
        // Arrival numbers: next_seq is read under the lock by lockAnyById's row; the row holds it as DrawEntity does not.
        for (int i = 0; i < n; i++) {
            entryIds[i] = Ids.newUuid();
            weightOf[i] = weights.getOrDefault(consumers.get(i), 1);
            keys[i] = DrawKeys.key(draw.seed(), DrawIds.entry(entryIds[i]), weightOf[i]);
            seqs[i] = (long) i;
        }
        return db.sql("INSERT INTO draw_entries (draw_id, consumer_id, entry_id, organization_id, environment, seq, status, "
                        + "draw_key, weight, entered_at) "
                        + "SELECT :d, n.consumer, n.entry, :org, :env, d.next_seq + n.i, 'ENTERED', n.key, n.weight, :now "
                        + "FROM draws d, unnest(:consumers::uuid[], :entries::uuid[], :keys::text[], :weights::int[], :seqs::bigint[]) "
                        + "AS n(consumer, entry, key, weight, i) WHERE d.id = :d "
                        + "ON CONFLICT (draw_id, consumer_id) DO UPDATE SET entry_id = EXCLUDED.entry_id, seq = EXCLUDED.seq, "
                        + "status = 'ENTERED', excluded = false, draw_key = EXCLUDED.draw_key, weight = EXCLUDED.weight, "
                        + "entered_at = EXCLUDED.entered_at, left_at = NULL, denied_at = NULL, deny_reason = NULL "
                        + "WHERE draw_entries.status = 'LEFT' RETURNING " + DrawEntry.COLUMNS)
                .bind("d", draw.id())
                .bind("org", draw.organizationId())
                .bind("env", draw.environment())
                .bind("consumers", consumers.toArray(UUID[]::new))
                .bind("entries", entryIds)
                .bind("keys", keys)
                .bind("weights", weightOf)
                .bind("seqs", seqs)
                .bind("now", now)
                .map(DrawEntry::from)
                .all()
                .collectList();
    }

    /** The consumer leaves before the draw: ENTERED becomes LEFT and leaves the draw. Empty when not entered, or drawn. */
    Mono<DrawEntry> leave(DrawEntity draw, UUID consumer, Instant now) {
        return draws.lockAnyById(draw.id())
                .filter(locked -> !locked.drawn())
                .flatMap(locked -> db.sql("UPDATE draw_entries SET status = 'LEFT', excluded = true, left_at = :now "
                                + "WHERE draw_id = :d AND consumer_id = :c AND status = 'ENTERED' RETURNING " + DrawEntry.COLUMNS)
                        .bind("now", now)
                        .bind("d", draw.id())
                        .bind("c", consumer)
                        .map(DrawEntry::from)
                        .one()
                        .flatMap(left -> activeEntries(draw.id(), -1)
                                .then(outbox.append(event(LEFT_EVENT, locked, consumerPayload(locked, left, "leftAt", now), now)))
                                .thenReturn(left)))
                .as(transaction::transactional);
    }

    /**
     * A server-side denial. Before the draw an entry is taken out of it; after, a winner's grant is revoked or a
     * non-selected entry is marked, and both stay in the published results (they were drawn). Empty when there is
     * nothing to deny (not entered, left, completed or denied already).
     */
    Mono<DrawEntry> deny(DrawEntity draw, UUID consumer, String reason, Instant now) {
        return draws.lockAnyById(draw.id())
                .flatMap(locked -> db.sql("UPDATE draw_entries SET status = 'DENIED', excluded = :before, denied_at = :now, "
                                + "deny_reason = :reason WHERE draw_id = :d AND consumer_id = :c AND status IN ('ENTERED', 'WON') "
                                + "RETURNING " + DrawEntry.COLUMNS)
                        .bind("before", !locked.drawn())
                        .bind("now", now)
                        .bind("reason", reason)
                        .bind("d", draw.id())
                        .bind("c", consumer)
                        .map(DrawEntry::from)
                        .one()
                        .flatMap(denied -> (locked.drawn() ? Mono.<Void>empty() : activeEntries(draw.id(), -1))
                                .then(outbox.append(event(DENIED_EVENT, locked, deniedPayload(locked, denied, now), now)))
                                .thenReturn(denied)))
                .as(transaction::transactional);
    }

    /**
     * Marks a live grant used, once. Completions never exceed winnerCount: a winner holds a grant only while fewer than
     * winnerCount selected entries are live or completed (the draw and backfills keep to that under this lock).
     */
    Mono<DrawEntry> complete(DrawEntity draw, UUID consumer, UUID grantId, Instant now) {
        return draws.lockAnyById(draw.id())
                .flatMap(locked -> nullable(db.sql("UPDATE draw_entries SET status = 'COMPLETED', completed_at = :now "
                                + "WHERE draw_id = :d AND consumer_id = :c AND status = 'WON' "
                                + "AND (grant_expires_at IS NULL OR grant_expires_at > :now) "
                                + "AND (CAST(:grant AS uuid) IS NULL OR grant_id = CAST(:grant AS uuid)) RETURNING " + DrawEntry.COLUMNS)
                        .bind("now", now)
                        .bind("d", draw.id())
                        .bind("c", consumer), "grant", grantId, UUID.class)
                        .map(DrawEntry::from)
                        .one()
                        .flatMap(done -> outbox.append(event(COMPLETED_EVENT, locked, consumerPayload(locked, done, "completedAt", now), now))
                                .then(settleIfFinished(locked, now))
                                .thenReturn(done)))
                .as(transaction::transactional);
    }

    Mono<DrawEntry> find(UUID drawId, UUID consumer) {
        return db.sql("SELECT " + DrawEntry.COLUMNS + " FROM draw_entries WHERE draw_id = :d AND consumer_id = :c")
                .bind("d", drawId)
                .bind("c", consumer)
                .map(DrawEntry::from)
                .one();
    }

    Mono<DrawEntry> findByGrant(UUID grantId) {
        return db.sql("SELECT " + DrawEntry.COLUMNS + " FROM draw_entries WHERE grant_id = :g")
                .bind("g", grantId)
                .map(DrawEntry::from)
                .one();
    }

    private Flux<DrawEntry> findAll(UUID drawId, Collection<UUID> consumers) {
        return db.sql("SELECT " + DrawEntry.COLUMNS + " FROM draw_entries WHERE draw_id = :d AND consumer_id = ANY(:c)")
                .bind("d", drawId)
                .bind("c", consumers.toArray(UUID[]::new))
                .map(DrawEntry::from)
                .all();
    }

    // ---- The draw, its expiries and backfills -----------------------------------------------------------------

    /** What the draw did; empty when there was nothing to do (already drawn, stopped, deleted). */
    record Drawn(DrawEntity draw, List<DrawEntry> winners) {
    }

    /**
     * The draw, as one transaction: lock the row, and unless it is drawn already (a second run, or one after a lost
     * lease, changes nothing), select the first winnerCount entries by key through the (draw_id, draw_key) index,
     * give each a grant, write the outcome on the row and the events to the outbox. Entries not selected are not
     * written: they are LOST by being ENTERED in a drawn draw, so the draw costs winnerCount row updates, not one per
     * entry (their {@code draw.consumer.lost} events follow in chunks, {@link #lostAfter}).
     */
    Mono<Drawn> draw(UUID drawId, Instant now) {
        return draws.lockAnyById(drawId)
                .filter(draw -> !draw.drawn() && !draw.stopped())
                .flatMap(draw -> selectNext(draw, draw.winnerCount(), null, 1, now)
                        .flatMap(winners -> nullable(db.sql("UPDATE draws SET drawn_at = :now, entry_count = active_entries, "
                                        + "selected_count = :selected, selected_through_key = :through, "
                                        + "completed_at = CASE WHEN :selected = 0 THEN CAST(:now AS timestamptz) END "
                                        + "WHERE id = :id RETURNING " + DrawEntity.COLUMNS)
                                .bind("now", now)
                                .bind("selected", winners.size())
                                .bind("id", drawId), "through", winners.isEmpty() ? null : winners.get(winners.size() - 1).drawKey(), String.class)
                                .map(DrawEntity::from)
                                .one()
                                .flatMap(drawn -> outbox.append(wonEvents(drawn, winners, now))
                                        .then(outbox.append(event(DRAW_COMPLETED_EVENT, drawn, drawCompletedPayload(drawn, now), now)))
                                        .thenReturn(new Drawn(drawn, winners)))));
    }

    /**
     * Selects the next {@code count} not-yet-selected entries in key order (after {@code afterKey}), numbering them
     * from {@code firstSelection}, and grants them. Only ENTERED entries are taken: before the draw that is every entry
     * in it; after, every entry not selected (LOST), not denied.
     */
    private Mono<List<DrawEntry>> selectNext(DrawEntity draw, int count, String afterKey, int firstSelection, Instant now) {
        if (count <= 0) {
            return Mono.just(List.of());
        }
        Instant expiresAt = draw.admissionExpirationSeconds() == null ? null : now.plusSeconds(draw.admissionExpirationSeconds());
        GenericExecuteSpec spec = db.sql("WITH pick AS (SELECT consumer_id, row_number() OVER (ORDER BY draw_key) AS n "
                        + "FROM draw_entries WHERE draw_id = :d AND NOT excluded AND status = 'ENTERED' "
                        + "AND (CAST(:after AS text) IS NULL OR draw_key > CAST(:after AS text)) ORDER BY draw_key LIMIT :count) "
                        + "UPDATE draw_entries e SET status = 'WON', selection = pick.n + :first - 1, grant_id = gen_random_uuid(), "
                        + "granted_at = :now, grant_expires_at = :expires FROM pick "
                        + "WHERE e.draw_id = :d AND e.consumer_id = pick.consumer_id RETURNING " + DrawEntry.prefixed("e"))
                .bind("d", draw.id())
                .bind("count", count)
                .bind("first", firstSelection)
                .bind("now", now);
        spec = nullable(spec, "after", afterKey, String.class);
        spec = nullable(spec, "expires", expiresAt, Instant.class);
        return spec.map(DrawEntry::from).all()
                .collectSortedList(java.util.Comparator.comparing(DrawEntry::selection));
    }

    /** What an expiry run did: the lapsed winners, the backfilled ones, and the draw after it. */
    record Expired(DrawEntity draw, List<DrawEntry> lapsed, List<DrawEntry> backfilled) {
    }

    /**
     * Winners whose window lapsed lose their grant (DENIED, ADMISSION_EXPIRED); with
     * {@code continueSelectingUntilCompleted}, as many next entries in key order are selected as keep the selected
     * entries that are live or completed at winnerCount (never more, so never more than winnerCount completions),
     * unless the draw was stopped. Idempotent: it acts only on grants lapsed by {@code now}.
     */
    Mono<Expired> expire(UUID drawId, Instant now) {
        return draws.lockAnyById(drawId)
                .filter(DrawEntity::drawn)
                .flatMap(draw -> db.sql("UPDATE draw_entries SET status = 'DENIED', deny_reason = 'ADMISSION_EXPIRED', denied_at = :now "
                                + "WHERE draw_id = :d AND status = 'WON' AND grant_expires_at <= :now RETURNING " + DrawEntry.COLUMNS)
                        .bind("now", now)
                        .bind("d", draw.id())
                        .map(DrawEntry::from)
                        .all()
                        .collectList()
                        .flatMap(lapsed -> outbox.append(lapsed.stream()
                                        .map(entry -> event(DENIED_EVENT, draw, deniedPayload(draw, entry, now), now)).toList())
                                .then(backfill(draw, lapsed, now))
                                .flatMap(backfilled -> settleIfFinished(draw, now)
                                        .then(draws.findAnyById(draw.id()))
                                        .map(after -> new Expired(after, lapsed, backfilled)))))
                .as(transaction::transactional);
    }

    private Mono<List<DrawEntry>> backfill(DrawEntity draw, List<DrawEntry> lapsed, Instant now) {
        if (!draw.continueSelectingUntilCompleted() || draw.stopped() || lapsed.isEmpty()) {
            return Mono.just(List.of());
        }
        return liveOrCompleted(draw.id())
                .flatMap(held -> selectNext(draw, draw.winnerCount() - held.intValue(), draw.selectedThroughKey(), draw.selectedCount() + 1, now))
                .flatMap(backfilled -> backfilled.isEmpty() ? Mono.just(backfilled)
                        : db.sql("UPDATE draws SET selected_count = selected_count + :n, selected_through_key = :key WHERE id = :id")
                                .bind("n", backfilled.size())
                                .bind("key", backfilled.get(backfilled.size() - 1).drawKey())
                                .bind("id", draw.id())
                                .then()
                                .then(outbox.append(wonEvents(draw, backfilled, now)))
                                .thenReturn(backfilled));
    }

    /** Selected entries that hold a live grant or completed: at most winnerCount at any time. */
    Mono<Long> liveOrCompleted(UUID drawId) {
        return db.sql("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND selection IS NOT NULL "
                        + "AND status IN ('WON', 'COMPLETED')")
                .bind("d", drawId)
                .map(row -> row.get(0, Long.class))
                .one();
    }

    /** The earliest live grant expiry of a draw: when its next expiry run is due; empty when none will lapse. */
    Mono<Instant> nextExpiry(UUID drawId) {
        return db.sql("SELECT min(grant_expires_at) AS next FROM draw_entries WHERE draw_id = :d AND status = 'WON'")
                .bind("d", drawId)
                .map(row -> java.util.Optional.ofNullable(row.get("next", Instant.class)))
                .one()
                .flatMap(Mono::justOrEmpty);
    }

    /**
     * The draw is COMPLETED once nothing more can happen to its selection: winnerCount completions, or no live grant
     * left and nothing left to select (no backfill, stopped, or the pool is exhausted).
     */
    private Mono<Void> settleIfFinished(DrawEntity draw, Instant now) {
        return db.sql("UPDATE draws d SET completed_at = :now WHERE d.id = :id AND d.completed_at IS NULL AND d.drawn_at IS NOT NULL AND ("
                        + "(SELECT count(*) FROM draw_entries e WHERE e.draw_id = d.id AND e.selection IS NOT NULL AND e.status = 'COMPLETED') >= d.winner_count "
                        + "OR (NOT EXISTS (SELECT 1 FROM draw_entries e WHERE e.draw_id = d.id AND e.status = 'WON') "
                        + "AND (NOT d.continue_selecting_until_completed OR d.status_override IS NOT NULL OR NOT EXISTS ("
                        + "SELECT 1 FROM draw_entries e WHERE e.draw_id = d.id AND NOT e.excluded AND e.status = 'ENTERED' "
                        + "AND e.draw_key > coalesce(d.selected_through_key, '')))))")
                .bind("now", now)
                .bind("id", draw.id())
                .then();
    }

    /**
     * One chunk of {@code draw.consumer.lost} events: the entries in the draw after {@code afterKey} in key order, up to
     * {@code limit}; returns the last key written (empty when none was left). Chunks keep the draw's own transaction
     * small whatever the number of entries.
     */
    Mono<String> lostAfter(DrawEntity draw, String afterKey, int limit) {
        return db.sql("SELECT " + DrawEntry.COLUMNS + " FROM draw_entries WHERE draw_id = :d AND NOT excluded AND draw_key > :after "
                        + "ORDER BY draw_key LIMIT :limit")
                .bind("d", draw.id())
                .bind("after", afterKey)
                .bind("limit", limit)
                .map(DrawEntry::from)
                .all()
                .collectList()
                .flatMap(lost -> lost.isEmpty() ? Mono.empty()
                        : outbox.append(lost.stream().map(entry -> event(LOST_EVENT, draw,
                                        consumerPayload(draw, entry, "lostAt", draw.drawnAt()), draw.drawnAt())).toList())
                                .thenReturn(lost.get(lost.size() - 1).drawKey()));
    }

    private Mono<Void> activeEntries(UUID drawId, int delta) {
        return db.sql("UPDATE draws SET active_entries = active_entries + :delta WHERE id = :id")
                .bind("delta", delta)
                .bind("id", drawId)
                .then();
    }

    // ---- Events -----------------------------------------------------------------------------------------------

    private static EventEnvelope event(String type, DrawEntity draw, Map<String, Object> payload, Instant at) {
        return new EventEnvelope(Ids.format("evt", Ids.newUuid()), type, Ids.format("org", draw.organizationId()),
                draw.env().wire(), DrawTimers.TYPE, DrawIds.format(draw.id()), at, null, null, payload);
    }

    private static Map<String, Object> common(DrawEntity draw) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("drawId", DrawIds.format(draw.id()));
        payload.put("sequenceId", Ids.format("seq", draw.sequenceId()));
        payload.put("experienceId", Ids.format("exp", draw.experienceId()));
        return payload;
    }

    private static Map<String, Object> consumerPayload(DrawEntity draw, DrawEntry entry, String timeField, Instant at) {
        Map<String, Object> payload = common(draw);
        payload.put("consumerId", Ids.format("cons", entry.consumerId()));
        payload.put("entryId", DrawIds.entry(entry.entryId()));
        payload.put(timeField, at.toString());
        return payload;
    }

    private static List<EventEnvelope> enteredEvents(DrawEntity draw, List<DrawEntry> inserted, Instant now) {
        List<EventEnvelope> events = new ArrayList<>();
        List<DrawEntry> ordered = inserted.stream().sorted(java.util.Comparator.comparingLong(DrawEntry::seq)).toList();
        for (int i = 0; i < ordered.size(); i++) {
            Map<String, Object> payload = consumerPayload(draw, ordered.get(i), "enteredAt", now);
            payload.put("entrantNumber", draw.activeEntries() + i + 1);
            events.add(event(ENTERED_EVENT, draw, payload, now));
        }
        return events;
    }

    private static List<EventEnvelope> wonEvents(DrawEntity draw, List<DrawEntry> winners, Instant now) {
        return winners.stream().map(entry -> {
            Map<String, Object> payload = consumerPayload(draw, entry, "wonAt", now);
            payload.put("grantId", Ids.format("grant", entry.grantId()));
            payload.put("winnerPosition", entry.selection());
            payload.put("backfill", entry.selection() > draw.winnerCount());
            return event(WON_EVENT, draw, payload, now);
        }).toList();
    }

    private static Map<String, Object> deniedPayload(DrawEntity draw, DrawEntry entry, Instant now) {
        Map<String, Object> payload = consumerPayload(draw, entry, "deniedAt", now);
        payload.put("reason", entry.denyReason());
        return payload;
    }

    private static Map<String, Object> drawCompletedPayload(DrawEntity drawn, Instant now) {
        Map<String, Object> payload = common(drawn);
        payload.put("completedAt", now.toString());
        payload.put("totalEntrants", drawn.entryCount());
        payload.put("winnersSelected", drawn.selectedCount());
        payload.put("seedCommitment", drawn.seedCommitment());
        return payload;
    }

    private static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }
}
