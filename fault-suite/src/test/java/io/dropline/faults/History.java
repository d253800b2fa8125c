package io.dropline.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Every operation of one run, appended concurrently by the virtual users, the prober and the checker's reads. */
final class History {

    private final long originNanos = System.nanoTime();
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();

    long nowMs() {
        return (System.nanoTime() - originNanos) / 1_000_000L;
    }

    Op record(int schedule, String actor, Op.Kind kind, String method, String path, String token, String consumer,
            long startMs, int status, String retryAfter, String error, Map<String, String> fields) {
        Op op = new Op(ids.incrementAndGet(), schedule, actor, kind, method, path, token, consumer, startMs, nowMs(),
                status, retryAfter, error, Map.copyOf(fields));
        ops.add(op);
        return op;
    }

    List<Op> of(int schedule) {
        List<Op> result = new ArrayList<>();
        for (Op op : ops) {
            if (op.schedule() == schedule) {
                result.add(op);
            }
        }
        return result;
    }

    List<Op> all() {
        return new ArrayList<>(ops);
    }
}
