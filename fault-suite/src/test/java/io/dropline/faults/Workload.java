package io.dropline.faults;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few virtual users against one queue, each iteration: a guest session, a join, status reads (its own and an
 * earlier joiner's), sometimes a logout followed by a request with the logged-out token, a request with an older
 * revoked token, and sometimes an admin write (create or rename an experience). Paced by a scheduler, bounded in
 * operations; the history keeps everything, the checker judges it.
 */
final class Workload implements AutoCloseable {

    static final int VIRTUAL_USERS = 3;
    static final long PACE_MILLIS = 200;
    static final int MAX_OPERATIONS = 6000;

    private final Api api;
    private final String queue;
    private final Random random;
    private final ScheduledExecutorService users;
    private final List<Api.Session> joined = new CopyOnWriteArrayList<>();
    private final List<Api.Session> revoked = new CopyOnWriteArrayList<>();
    private final List<String> experiences = new CopyOnWriteArrayList<>();
    private final AtomicInteger operations = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();

    Workload(Api api, String queue, long seed) {
        this.api = api;
        this.queue = queue;
        this.random = new Random(seed);
        this.users = Executors.newScheduledThreadPool(VIRTUAL_USERS, runnable -> {
            Thread thread = new Thread(runnable, "fault-vu");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        for (int i = 0; i < VIRTUAL_USERS; i++) {
            String actor = "vu" + i;
            users.scheduleWithFixedDelay(() -> iterate(actor), i * PACE_MILLIS / VIRTUAL_USERS, PACE_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void iterate(String actor) {
        if (operations.get() >= MAX_OPERATIONS) {
            return;
        }
        try {
            Api.Session session = api.guest(actor);
            count(1);
            if (session != null) {
                if (api.join(actor, session, queue).ok()) {
                    joined.add(session);
                }
                api.status(actor, Op.Kind.STATUS, session, queue);
                count(2);
                if (chance(0.3)) {
                    if (api.logout(actor, session).op().status() == 204) {
                        joined.remove(session);
                        revoked.add(session);
                        // The next request after the 204 must already be refused.
                        api.status(actor, Op.Kind.REVOKED_USE, session, queue);
                        count(1);
                    }
                    count(1);
                }
            }
            Api.Session earlier = pick(joined);
            if (earlier != null) {
                api.status(actor, Op.Kind.STATUS, earlier, queue);
                count(1);
            }
            Api.Session old = pick(revoked);
            if (old != null) {
                api.status(actor, Op.Kind.REVOKED_USE, old, queue);
                count(1);
            }
            if (chance(0.25)) {
                adminWrite(actor);
                count(1);
            }
        } catch (RuntimeException unexpected) {
            // A bug in the workload must not silently stop a virtual user: it shows in the history as no answer.
            api.history().record(api.schedule(), actor, Op.Kind.SETUP, "-", "-", null, null, api.history().nowMs(), -1, null,
                    "workload error: " + unexpected, Map.of());
        }
    }

    private void adminWrite(String actor) {
        String existing = pick(experiences);
        if (existing != null && chance(0.5)) {
            api.adminUpdateExperience(actor, existing, "Renamed " + actor + "-" + names.incrementAndGet());
            return;
        }
        Api.Result created = api.adminCreateExperience(actor, Op.Kind.ADMIN_CREATE,
                Map.of("name", "Fault drop " + actor + "-" + names.incrementAndGet()));
        if (created.ok() && created.op().field("id") != null) {
            experiences.add(created.op().field("id"));
        }
    }

    private boolean chance(double p) {
        synchronized (random) {
            return random.nextDouble() < p;
        }
    }

    private <T> T pick(List<T> from) {
        if (from.isEmpty()) {
            return null;
        }
        synchronized (random) {
            try {
                return from.get(random.nextInt(from.size()));
            } catch (IndexOutOfBoundsException shrunk) {
                return null;
            }
        }
    }

    private void count(int n) {
        operations.addAndGet(n);
    }

    List<Api.Session> joined() {
        return List.copyOf(joined);
    }

    @Override
    public void close() {
        users.shutdown();
        try {
            if (!users.awaitTermination(30, TimeUnit.SECONDS)) {
                users.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            users.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
