package io.dropline.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs fault schedules against one mesh: per schedule a fresh queue, the workload, 2–4 faults drawn from the
 * schedule's seed (each injected, held, healed, then the time until a full round of every operation kind succeeds
 * again), the final state, and the checker's verdicts. Writes the results file and prints a summary table.
 */
final class FaultSuite {

    static final int MAX_ADMISSIONS = 8;
    static final int ADMIT_RATE_PER_MINUTE = 20;
    static final Duration STEADY = Duration.ofSeconds(3);
    static final int FINAL_READS = 150;
    /** Admissions come every 3 s ({@value #ADMIT_RATE_PER_MINUTE}/min): all {@value #MAX_ADMISSIONS} fit in 24 s of a working mesh. */
    static final Duration ADMISSIONS_OVER_BOUND = Duration.ofSeconds(45);

    record Settings(int schedules, long baseSeed, Long replaySeed, Path results, Duration recoveryBound, Path workDir) {

        static Settings fromSystemProperties(int defaultSchedules) {
            Long replay = longProperty("faults.seed");
            Long base = longProperty("faults.baseSeed");
            long baseSeed = base != null ? base : ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
            int schedules = replay != null ? 1 : intProperty("faults.schedules", defaultSchedules);
            Path workDir = Path.of(property("faults.workDir", "target/faults")).toAbsolutePath();
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
            Path results = Path.of(property("faults.results", workDir.resolve("faults-" + stamp + ".json").toString()));
            Duration bound = Duration.ofSeconds(intProperty("faults.recoveryBoundSeconds", 30));
            return new Settings(schedules, baseSeed, replay, results, bound, workDir);
        }

        /** A system property; empty (Maven passes unset ones as "") counts as absent. */
        static String property(String name, String fallback) {
            String value = System.getProperty(name);
            return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.trim();
        }

        static Long longProperty(String name) {
            String value = property(name, null);
            return value == null ? null : Long.parseLong(value);
        }

        static int intProperty(String name, int fallback) {
            String value = property(name, null);
            return value == null ? fallback : Integer.parseInt(value);
        }

        long seedOf(int schedule) {
            return replaySeed != null ? replaySeed : baseSeed + schedule;
        }
    }

    record ScheduleResult(int index, long seed, List<Fault> faults, List<Checker.Recovery> recoveries, int operations,
            Map<String, Long> byKind, Map<String, Long> byStatus, long noAnswer, long durationMs, List<Verdict> verdicts) {
    }

    record Report(Settings settings, long meshStartMs, long durationMs, List<ScheduleResult> schedules) {

        int operations() {
            return schedules.stream().mapToInt(ScheduleResult::operations).sum();
        }

        int faults() {
            return schedules.stream().mapToInt(s -> s.recoveries().size()).sum();
        }

        Map<Verdict.Invariant, List<ScheduleResult>> failing() {
            Map<Verdict.Invariant, List<ScheduleResult>> failing = new EnumMap<>(Verdict.Invariant.class);
            for (ScheduleResult schedule : schedules) {
                for (Verdict verdict : schedule.verdicts()) {
                    if (!verdict.pass()) {
                        failing.computeIfAbsent(verdict.invariant(), k -> new ArrayList<>()).add(schedule);
                    }
                }
            }
            return failing;
        }

        String failureMessage() {
            StringBuilder message = new StringBuilder("Invariants violated under fault schedules:\n");
            failing().forEach((invariant, schedules) -> {
                message.append("- ").append(invariant.title).append(": seeds ")
                        .append(schedules.stream().map(s -> String.valueOf(s.seed())).collect(Collectors.joining(", ")))
                        .append('\n');
                schedules.get(0).verdicts().stream().filter(v -> v.invariant() == invariant).findFirst()
                        .ifPresent(v -> v.counterexamples().stream().limit(3)
                                .forEach(example -> message.append("    ").append(example).append('\n')));
            });
            message.append("Replay one schedule: ./mvnw -B -pl shared-contracts,fault-suite verify -Dtest=NoSuchTest "
                    + "-Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FaultScheduleIT -Dfailsafe.failIfNoSpecifiedTests=false "
                    + "-Dfaults.seed=<seed> "
                    + "(or bench/fault-schedule.sh --seed <seed>); results in ").append(settings.results());
            return message.toString();
        }
    }

    private final Settings settings;
    private final CountDownLatch never = new CountDownLatch(1);
    private Mesh mesh;
    private Api api;

    FaultSuite(Settings settings) {
        this.settings = settings;
    }

    Report run() {
        long started = System.nanoTime();
        System.out.printf("%nFault suite: %d schedule(s), base seed %d%s; recovery bound %d s; work dir %s%n",
                settings.schedules(), settings.baseSeed(),
                settings.replaySeed() != null ? " (replaying seed " + settings.replaySeed() + ")" : "",
                settings.recoveryBound().toSeconds(), settings.workDir());
        List<ScheduleResult> results = new ArrayList<>();
        long meshStartMs;
        try {
            mesh = Mesh.start(settings.workDir());
            meshStartMs = millisSince(started);
            System.out.printf("Mesh ready in %.1f s (gateway %s)%n", meshStartMs / 1000.0, mesh.gatewayUrl());
            api = new Api(mesh.gatewayUrl(), mesh.tenant(), new History());
            for (int i = 0; i < settings.schedules(); i++) {
                results.add(runSchedule(i, settings.seedOf(i)));
            }
        } finally {
            if (mesh != null) {
                mesh.close();
            }
        }
        Report report = new Report(settings, meshStartMs, millisSince(started), results);
        write(report);
        System.out.println(summary(report));
        return report;
    }

    private ScheduleResult runSchedule(int index, long seed) {
        long started = System.nanoTime();
        List<Fault> faults = Fault.schedule(seed);
        System.out.printf("Schedule %d, seed %d: %s%n", index, seed,
                faults.stream().map(Fault::describe).collect(Collectors.joining("; ")));
        History history = api.history();
        api.schedule(index);
        String queue = createQueue();
        List<Checker.Recovery> recoveries = new ArrayList<>();
        List<Api.Session> joined;
        try (Workload workload = new Workload(api, queue, seed)) {
            workload.start();
            pause(STEADY);
            for (Fault fault : faults) {
                long injected = history.nowMs();
                boolean repaired = false;
                try {
                    fault.inject(mesh);
                    pause(fault.hold());
                    fault.heal(mesh);
                } catch (RuntimeException healFailed) {
                    System.out.printf("  %s: could not inject or heal (%s); repairing%n", fault.describe(), healFailed.getMessage());
                    repair();
                    repaired = true;
                }
                long healed = history.nowMs();
                Long recoveredAfter = repaired ? null : awaitRecovery(queue);
                if (recoveredAfter == null && !repaired) {
                    System.out.printf("  %s: not recovered within %d s; restarting every instance to go on%n",
                            fault.describe(), settings.recoveryBound().toSeconds());
                    repair();
                    repaired = true;
                }
                System.out.printf("  %-55s injected %6d ms, healed %6d ms, recovered %s%n", fault.describe(), injected, healed,
                        recoveredAfter == null ? "NO" : "after " + recoveredAfter + " ms");
                recoveries.add(new Checker.Recovery(fault, injected, healed, recoveredAfter, repaired));
            }
            pause(STEADY);
            joined = workload.joined();
        }
        String jdbc = mesh.postgres().jdbcUrl("dropline_experiences");
        awaitAdmissionsOver(jdbc, queue);
        // Final state: every acknowledged joiner still holding a token reads its place once more, after recovery.
        joined.stream().limit(FINAL_READS).forEach(session -> api.status("final", Op.Kind.STATUS, session, queue));
        List<Op> ops = history.of(index);
        Checker checker = new Checker(ops, MAX_ADMISSIONS, Checker.entries(jdbc, queue), Checker.experienceNames(jdbc),
                recoveries, settings.recoveryBound().toMillis());
        List<Verdict> verdicts = checker.verdicts();
        verdicts.forEach(v -> System.out.printf("  %-45s %s%s%n", v.invariant().title, v.pass() ? "PASS" : "FAIL",
                v.pass() ? "" : " e.g. " + v.counterexamples().get(0)));
        Map<String, Long> byKind = new TreeMap<>(ops.stream().collect(Collectors.groupingBy(op -> op.kind().name(), Collectors.counting())));
        Map<String, Long> byStatus = new TreeMap<>(ops.stream().collect(
                Collectors.groupingBy(op -> op.status() < 0 ? "no answer" : String.valueOf(op.status()), Collectors.counting())));
        long noAnswer = ops.stream().filter(op -> op.status() < 0).count();
        return new ScheduleResult(index, seed, faults, recoveries, ops.size(), byKind, byStatus, noAnswer,
                millisSince(started), verdicts);
    }

    /**
     * Waits until the record holds {@value #MAX_ADMISSIONS} admissions, so the line is still while the final reads
     * run: an admission landing between two of them moves everyone behind the admitted consumer up one place, and two
     * neighbours would read the same position. Past the bound the reads go ahead; the checker then compares places
     * only if the admissions were over after all.
     */
    private static void awaitAdmissionsOver(String jdbc, String queue) {
        try {
            await("admissions over").atMost(ADMISSIONS_OVER_BOUND).pollInterval(Duration.ofMillis(500))
                    .until(() -> Checker.entries(jdbc, queue).values().stream()
                            .filter(entry -> Checker.admittedStatus(entry.status())).count() >= MAX_ADMISSIONS);
        } catch (ConditionTimeoutException stillAdmitting) {
            System.out.printf("  admissions not over after %d s; final reads go ahead%n", ADMISSIONS_OVER_BOUND.toSeconds());
        }
    }

    /** A fresh experience with one queue: admits {@value #ADMIT_RATE_PER_MINUTE}/min up to {@value #MAX_ADMISSIONS}. */
    private String createQueue() {
        Map<String, Object> body = Map.of("name", "Fault schedule", "sequence", Map.of("name", "General", "queues",
                List.of(Map.of("name", "Line", "admitRate", ADMIT_RATE_PER_MINUTE, "maxAdmissions", MAX_ADMISSIONS,
                        "admissionExpirationSeconds", 3600))));
        String[] queue = new String[1];
        await("a queue for the schedule").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Api.Result created = api.adminCreateExperience("setup", Op.Kind.SETUP, body);
                    if (created.ok() && created.body() != null) {
                        queue[0] = Api.text(created.body(), "/distributions/0/id");
                    }
                    return queue[0] != null;
                });
        return queue[0];
    }

    /** Milliseconds from now until a full round of every operation kind succeeded, or null past the bound. */
    private Long awaitRecovery(String queue) {
        long from = System.nanoTime();
        try {
            await("recovery").atMost(settings.recoveryBound()).pollInterval(Duration.ofMillis(250))
                    .until(() -> probeRound(queue));
            return millisSince(from);
        } catch (ConditionTimeoutException notRecovered) {
            return null;
        }
    }

    /** One of each: guest session, join, status read, logout, the logged-out token refused, an admin write. */
    private boolean probeRound(String queue) {
        Api.Session session = api.guest("probe");
        return session != null
                && api.join("probe", session, queue).ok()
                && api.status("probe", Op.Kind.STATUS, session, queue).ok()
                && api.logout("probe", session).op().status() == 204
                && api.status("probe", Op.Kind.REVOKED_USE, session, queue).op().status() == 401
                && api.adminCreateExperience("probe", Op.Kind.ADMIN_CREATE, Map.of("name", "Probe " + System.nanoTime())).ok();
    }

    /** After a failed recovery: every link restored, Redis and PostgreSQL up, every instance restarted. */
    private void repair() {
        mesh.restoreAllLinks();
        if (!mesh.redis().answersPing()) {
            mesh.redis().restart();
        }
        try {
            mesh.postgres().start();
        } catch (RuntimeException alreadyRunning) {
            // pg_ctl start fails when it runs: fine
        }
        mesh.restartInstances(true);
    }

    /** Holds a fault (or the steady phase) for its time; the workload runs meanwhile on its own threads. */
    private void pause(Duration duration) {
        try {
            never.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", interrupted);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000L;
    }

    private void write(Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", "fault-schedule");
        json.put("date", DateTimeFormatter.ISO_INSTANT.format(Instant.now()));
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("baseSeed", settings.baseSeed());
        json.put("replaySeed", settings.replaySeed());
        json.put("schedulesRun", report.schedules().size());
        json.put("operations", report.operations());
        json.put("faultsInjected", report.faults());
        json.put("recoveryBoundSeconds", settings.recoveryBound().toSeconds());
        json.put("meshStartSeconds", report.meshStartMs() / 1000.0);
        json.put("durationSeconds", report.durationMs() / 1000.0);
        json.put("mesh", Map.of("instances", Mesh.INSTANCES, "maxAdmissions", MAX_ADMISSIONS,
                "admitRatePerMinute", ADMIT_RATE_PER_MINUTE, "virtualUsers", Workload.VIRTUAL_USERS));
        Map<String, Object> verdicts = new LinkedHashMap<>();
        Map<Verdict.Invariant, List<ScheduleResult>> failing = report.failing();
        for (Verdict.Invariant invariant : Verdict.Invariant.values()) {
            List<ScheduleResult> failed = failing.getOrDefault(invariant, List.of());
            Map<String, Object> verdict = new LinkedHashMap<>();
            verdict.put("title", invariant.title);
            verdict.put("verdict", failed.isEmpty() ? "PASS" : "FAIL");
            verdict.put("checked", report.schedules().stream().flatMap(s -> s.verdicts().stream())
                    .filter(v -> v.invariant() == invariant).mapToInt(Verdict::checked).sum());
            verdict.put("failingSeeds", failed.stream().map(ScheduleResult::seed).toList());
            verdicts.put(invariant.name(), verdict);
        }
        json.put("verdicts", verdicts);
        json.put("schedules", report.schedules().stream().map(FaultSuite::scheduleJson).toList());
        try {
            Files.createDirectories(settings.results().toAbsolutePath().getParent());
            Files.writeString(settings.results(), JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(json) + "\n");
            System.out.println("Results written to " + settings.results().toAbsolutePath());
        } catch (IOException failed) {
            throw new IllegalStateException("Could not write " + settings.results(), failed);
        }
    }

    private static Map<String, Object> scheduleJson(ScheduleResult schedule) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("index", schedule.index());
        json.put("seed", schedule.seed());
        json.put("durationSeconds", schedule.durationMs() / 1000.0);
        json.put("operations", schedule.operations());
        json.put("operationsByKind", schedule.byKind());
        json.put("answersByStatus", schedule.byStatus());
        json.put("faults", schedule.recoveries().stream().map(r -> {
            Map<String, Object> fault = new LinkedHashMap<>();
            fault.put("fault", r.fault().describe());
            fault.put("type", r.fault().type().name());
            fault.put("target", r.fault().target());
            fault.put("injectedAtMs", r.injectedAtMs());
            fault.put("healedAtMs", r.healedAtMs());
            fault.put("recoveredAfterMs", r.recoveredAfterMs());
            fault.put("repairedByRestart", r.repairedByRestart());
            return fault;
        }).toList());
        Map<String, Object> verdicts = new LinkedHashMap<>();
        schedule.verdicts().forEach(v -> verdicts.put(v.invariant().name(),
                Map.of("verdict", v.pass() ? "PASS" : "FAIL", "checked", v.checked(), "counterexamples", v.counterexamples())));
        json.put("verdicts", verdicts);
        return json;
    }

    static String summary(Report report) {
        StringBuilder table = new StringBuilder();
        table.append(String.format("%nFault suite: %d schedule(s), %d operations, %d faults injected, %d cores, %.0f s "
                        + "(mesh start %.0f s), base seed %d%n", report.schedules().size(), report.operations(), report.faults(),
                Runtime.getRuntime().availableProcessors(), report.durationMs() / 1000.0, report.meshStartMs() / 1000.0,
                report.settings().baseSeed()));
        table.append(String.format("| %-45s | %-7s | %-8s | %-30s |%n", "Invariant", "Verdict", "Checked", "Failing seeds"));
        table.append(String.format("|%s|%s|%s|%s|%n", "-".repeat(47), "-".repeat(9), "-".repeat(10), "-".repeat(32)));
        Map<Verdict.Invariant, List<ScheduleResult>> failing = report.failing();
        for (Verdict.Invariant invariant : Verdict.Invariant.values()) {
            List<ScheduleResult> failed = failing.getOrDefault(invariant, List.of());
            int checked = report.schedules().stream().flatMap(s -> s.verdicts().stream())
                    .filter(v -> v.invariant() == invariant).mapToInt(Verdict::checked).sum();
            String seeds = failed.stream().map(s -> String.valueOf(s.seed())).collect(Collectors.joining(","));
            table.append(String.format("| %-45s | %-7s | %8d | %-30s |%n", invariant.title, failed.isEmpty() ? "PASS" : "FAIL",
                    checked, seeds.length() > 30 ? seeds.substring(0, 27) + "..." : seeds));
        }
        return table.toString();
    }
}
