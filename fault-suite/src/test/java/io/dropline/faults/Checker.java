package io.dropline.faults;

import io.dropline.contracts.id.Ids;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Judges one schedule's history against architecture.md's invariants, with the final state read directly from
 * experiences-service's PostgreSQL database (the system of record; Redis is only an index). One verdict per invariant,
 * each with counterexamples taken from the history.
 */
final class Checker {

    record Entry(UUID consumer, long seq, String status) {
    }

    /** One healed fault and how long the mesh took to answer every kind of operation correctly again. */
    record Recovery(Fault fault, long injectedAtMs, long healedAtMs, Long recoveredAfterMs, boolean repairedByRestart) {
    }

    private final List<Op> ops;
    private final int maxAdmissions;
    private final Map<UUID, Entry> entries;
    private final Map<String, String> experienceNames;
    private final List<Recovery> recoveries;
    private final long recoveryBoundMs;

    Checker(List<Op> ops, int maxAdmissions, Map<UUID, Entry> entries, Map<String, String> experienceNames,
            List<Recovery> recoveries, long recoveryBoundMs) {
        this.ops = ops.stream().sorted(Comparator.comparingLong(Op::startMs)).toList();
        this.maxAdmissions = maxAdmissions;
        this.entries = entries;
        this.experienceNames = experienceNames;
        this.recoveries = recoveries;
        this.recoveryBoundMs = recoveryBoundMs;
    }

    /** The queue's entries in experiences' database, by consumer. */
    static Map<UUID, Entry> entries(String jdbcUrl, String queueId) {
        UUID queue = Ids.parse("queue", queueId).orElseThrow();
        Map<UUID, Entry> entries = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement statement = c.prepareStatement(
                        "SELECT consumer_id, seq, status FROM queue_entries WHERE queue_id = ?")) {
            statement.setObject(1, queue);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID consumer = rows.getObject(1, UUID.class);
                    if (entries.put(consumer, new Entry(consumer, rows.getLong(2), rows.getString(3))) != null) {
                        throw new IllegalStateException("queue_entries holds consumer " + consumer + " twice");
                    }
                }
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("Could not read queue_entries", failed);
        }
        return entries;
    }

    /** Names of the experiences in experiences' database, by public id. */
    static Map<String, String> experienceNames(String jdbcUrl) {
        Map<String, String> names = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement statement = c.prepareStatement("SELECT id, name FROM experiences");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                names.put(Ids.format("exp", rows.getObject(1, UUID.class)), rows.getString(2));
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("Could not read experiences", failed);
        }
        return names;
    }

    List<Verdict> verdicts() {
        return List.of(noAcknowledgedWriteLost(), noOversell(), fifo(), noRevokedTokenAccepted(), no5xxBut503(),
                every503HasRetryAfter(), recovery());
    }

    private static UUID uuid(String consumer) {
        return consumer == null ? null : Ids.parse("cons", consumer).orElse(null);
    }

    private Verdict noAcknowledgedWriteLost() {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        // Joins: every acknowledged join is in the queue, exactly once (the primary key makes twice impossible in
        // the table; Checker.entries refuses it anyway), and no entry exists that nobody asked for.
        Map<String, Op> firstAck = new HashMap<>();
        Set<UUID> asked = new HashSet<>();
        for (Op op : ops) {
            if (op.kind() == Op.Kind.JOIN) {
                asked.add(uuid(op.consumer()));
                if (op.ok()) {
                    firstAck.putIfAbsent(op.consumer(), op);
                }
            }
        }
        for (Op join : firstAck.values()) {
            checked++;
            if (!entries.containsKey(uuid(join.consumer()))) {
                violations.add("acknowledged join missing from queue_entries: " + join.describe());
            }
        }
        for (Entry entry : entries.values()) {
            if (!asked.contains(entry.consumer())) {
                violations.add("queue entry nobody asked for: consumer " + Ids.format("cons", entry.consumer()));
            }
        }
        // Places: once a join is acknowledged, a successful status read of that consumer never says NOT_QUEUED
        // (after Redis lost its data too), and the last QUEUED positions follow arrival order.
        Map<String, Long> ackedAt = new HashMap<>();
        firstAck.forEach((consumer, op) -> ackedAt.put(consumer, op.endMs()));
        Map<String, Op> lastQueued = new HashMap<>();
        for (Op op : ops) {
            if (op.kind() != Op.Kind.STATUS || !op.ok() || op.consumer() == null) {
                continue;
            }
            Long acked = ackedAt.get(op.consumer());
            if (acked == null || op.startMs() < acked) {
                continue;
            }
            checked++;
            if ("NOT_QUEUED".equals(op.field("status"))) {
                violations.add("place lost: " + op.describe() + " after the join was acknowledged at " + acked + "ms");
            }
            if ("QUEUED".equals(op.field("status"))) {
                lastQueued.merge(op.consumer(), op, (a, b) -> b.startMs() >= a.startMs() ? b : a);
            }
        }
        // At the end (admissions over: maxAdmissions reached), the places the remaining joiners read follow arrival order.
        // Only joiners still waiting in the record count (FaultSuite reads them once the admissions are over; one that
        // lands later anyway moves places during the reads, and its consumer is then not waiting).
        long admitted = entries.values().stream().filter(e -> admittedStatus(e.status())).count();
        if (admitted >= maxAdmissions) {
            List<Op> finals = lastQueued.values().stream().filter(op -> "final".equals(op.actor())
                            && op.field("position") != null && entries.containsKey(uuid(op.consumer()))
                            && "QUEUED".equals(entries.get(uuid(op.consumer())).status()))
                    .sorted(Comparator.comparingLong(op -> entries.get(uuid(op.consumer())).seq())).toList();
            for (int i = 1; i < finals.size(); i++) {
                checked++;
                Op before = finals.get(i - 1);
                Op after = finals.get(i);
                if (Long.parseLong(after.field("position")) <= Long.parseLong(before.field("position"))) {
                    violations.add("places out of arrival order at the end: " + before.describe() + " then " + after.describe()
                            + " (record: " + entries.get(uuid(before.consumer())) + ", " + entries.get(uuid(after.consumer())) + ")");
                }
            }
        }
        // Admin writes: every acknowledged experience exists, with the last acknowledged name (or a later attempt's).
        Map<String, List<Op>> writesById = new HashMap<>();
        for (Op op : ops) {
            if (op.kind() == Op.Kind.ADMIN_CREATE && op.ok() && op.field("id") != null) {
                writesById.computeIfAbsent(op.field("id"), k -> new ArrayList<>()).add(op);
            } else if (op.kind() == Op.Kind.ADMIN_UPDATE) {
                String id = op.path().substring(op.path().lastIndexOf('/') + 1);
                writesById.computeIfAbsent(id, k -> new ArrayList<>()).add(op);
            }
        }
        writesById.forEach((id, writes) -> {
            Op lastAcked = null;
            for (Op write : writes) {
                if (write.ok()) {
                    lastAcked = write;
                }
            }
            if (lastAcked == null) {
                return;
            }
            String stored = experienceNames.get(id);
            if (stored == null) {
                violations.add("acknowledged experience missing: " + lastAcked.describe());
                return;
            }
            Set<String> allowed = new HashSet<>();
            allowed.add(nameOf(lastAcked));
            for (Op write : writes) {
                if (!write.ok() && write.startMs() >= lastAcked.startMs()) {
                    allowed.add(nameOf(write));
                }
            }
            if (!allowed.contains(stored)) {
                violations.add("acknowledged admin write lost: " + id + " is named '" + stored + "', expected one of "
                        + allowed + " after " + lastAcked.describe());
            }
        });
        return Verdict.of(Verdict.Invariant.NO_ACKNOWLEDGED_WRITE_LOST_OR_DUPLICATED, checked + writesById.size(), violations);
    }

    private static String nameOf(Op write) {
        return write.fields().getOrDefault("sent", "?");
    }

    private Verdict noOversell() {
        List<String> violations = new ArrayList<>();
        long admitted = entries.values().stream().filter(e -> admittedStatus(e.status())).count();
        if (admitted > maxAdmissions) {
            violations.add(admitted + " entries admitted (GRANTED/COMPLETED) with maxAdmissions " + maxAdmissions);
        }
        Set<String> seenGranted = new HashSet<>();
        for (Op op : ops) {
            if ((op.kind() == Op.Kind.STATUS || op.kind() == Op.Kind.JOIN) && op.ok() && "GRANTED".equals(op.field("status"))) {
                seenGranted.add(op.consumer());
            }
        }
        if (seenGranted.size() > maxAdmissions) {
            violations.add(seenGranted.size() + " consumers were told GRANTED with maxAdmissions " + maxAdmissions);
        }
        return Verdict.of(Verdict.Invariant.NO_OVERSELL, entries.size(), violations);
    }

    static boolean admittedStatus(String status) {
        return "GRANTED".equals(status) || "COMPLETED".equals(status);
    }

    private Verdict fifo() {
        List<String> violations = new ArrayList<>();
        // In the table: nobody admitted while someone who arrived earlier still waits.
        List<Entry> bySeq = entries.values().stream().sorted(Comparator.comparingLong(Entry::seq)).toList();
        Entry firstWaiting = null;
        for (Entry entry : bySeq) {
            if ("QUEUED".equals(entry.status()) && firstWaiting == null) {
                firstWaiting = entry;
            } else if (admittedStatus(entry.status()) && firstWaiting != null) {
                violations.add("consumer " + Ids.format("cons", entry.consumer()) + " (seq " + entry.seq() + ") admitted while "
                        + Ids.format("cons", firstWaiting.consumer()) + " (seq " + firstWaiting.seq() + ") still waits");
            }
        }
        // Against the history: a join acknowledged before another join started arrived first.
        List<Op> acked = ops.stream().filter(op -> op.kind() == Op.Kind.JOIN && op.ok()).toList();
        Map<String, Op> first = new HashMap<>();
        acked.forEach(op -> first.putIfAbsent(op.consumer(), op));
        List<Op> joins = new ArrayList<>(first.values());
        joins.sort(Comparator.comparingLong(Op::endMs));
        int checked = 0;
        for (int i = 0; i < joins.size(); i++) {
            Op a = joins.get(i);
            Entry ea = entries.get(uuid(a.consumer()));
            for (int j = i + 1; j < joins.size() && ea != null; j++) {
                Op b = joins.get(j);
                if (b.startMs() <= a.endMs()) {
                    continue;
                }
                Entry eb = entries.get(uuid(b.consumer()));
                if (eb == null) {
                    continue;
                }
                checked++;
                if (eb.seq() < ea.seq()) {
                    violations.add("arrival order broken: " + a.describe() + " was acknowledged before " + b.describe()
                            + " started, but has seq " + ea.seq() + " > " + eb.seq());
                }
            }
        }
        return Verdict.of(Verdict.Invariant.FIFO_ADMISSION, bySeq.size() + checked, violations);
    }

    private Verdict noRevokedTokenAccepted() {
        List<String> violations = new ArrayList<>();
        Map<String, Op> revokedAt = new HashMap<>();
        for (Op op : ops) {
            if (op.kind() == Op.Kind.LOGOUT && op.status() == 204) {
                revokedAt.merge(op.token(), op, (a, b) -> a.endMs() <= b.endMs() ? a : b);
            }
        }
        int checked = 0;
        for (Op op : ops) {
            Op logout = op.token() == null ? null : revokedAt.get(op.token());
            if (logout == null || op.startMs() <= logout.endMs()) {
                continue;
            }
            checked++;
            if (op.ok()) {
                violations.add("revoked token accepted: " + op.describe() + " (logout 204 at " + logout.endMs() + "ms)");
            }
        }
        return Verdict.of(Verdict.Invariant.NO_REVOKED_TOKEN_ACCEPTED, checked, violations);
    }

    private Verdict no5xxBut503() {
        List<String> violations = ops.stream().filter(op -> op.status() >= 500 && op.status() != 503)
                .map(Op::describe).toList();
        return Verdict.of(Verdict.Invariant.NO_5XX_BUT_503, ops.size(), violations);
    }

    private Verdict every503HasRetryAfter() {
        List<Op> unavailable = ops.stream().filter(op -> op.status() == 503).toList();
        List<String> violations = unavailable.stream().filter(op -> op.retryAfter() == null || op.retryAfter().isBlank())
                .map(Op::describe).toList();
        return Verdict.of(Verdict.Invariant.EVERY_503_HAS_RETRY_AFTER, unavailable.size(), violations);
    }

    private Verdict recovery() {
        List<String> violations = new ArrayList<>();
        for (Recovery recovery : recoveries) {
            if (recovery.recoveredAfterMs() == null || recovery.recoveredAfterMs() > recoveryBoundMs) {
                violations.add(recovery.fault().describe() + ": not recovered within " + recoveryBoundMs / 1000 + " s of the heal"
                        + (recovery.repairedByRestart() ? " (the suite restarted the mesh's instances to go on)" : ""));
            }
        }
        return Verdict.of(Verdict.Invariant.RECOVERY_WITHIN_BOUND, recoveries.size(), violations);
    }
}
