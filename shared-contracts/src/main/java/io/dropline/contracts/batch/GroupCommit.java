package io.dropline.contracts.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Group commit: concurrent callers' writes share one database round trip and one commit. Each caller submits its
 * item and is answered only once the batch that carried it has committed (durable before acknowledged); a batch
 * that fails fails each of its callers with the batch's own error, so they answer exactly as a lone write would
 * have (503 with Retry-After when PostgreSQL is down).
 *
 * <p>Batches form by themselves, without a timer: while {@code concurrency} batches are committing, new items wait,
 * and the next free slot takes up to {@code maxBatch} of them at once. A lone caller therefore waits for nothing
 * (no linger), and a burst costs one commit per batch rather than one per caller; the concurrency bound is how many
 * pooled connections the writes may hold at a time, so a burst can never starve the pool. The commit function
 * answers one result per item, in the order of the items.
 *
 * <p>Unlike a per-key pipeline (experiences-service's JoinBatcher orders the joins of one queue), batches here are
 * independent of one another and may commit in any order.
 *
 * @param <T> what a caller submits
 * @param <R> what each caller is answered once its batch committed
 */
public final class GroupCommit<T, R> {

    private record Pending<T, R>(T item, MonoSink<R> reply) {
    }

    private final int maxBatch;
    private final int concurrency;
    private final Function<List<T>, Mono<List<R>>> commit;
    private final Queue<Pending<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger committing = new AtomicInteger();

    /**
     * @param maxBatch    the most items one commit carries
     * @param concurrency the most batches committing at once (connections held)
     * @param commit      writes a batch in one transaction; its result list matches the batch item for item
     */
    public GroupCommit(int maxBatch, int concurrency, Function<List<T>, Mono<List<R>>> commit) {
        if (maxBatch < 1 || concurrency < 1) {
            throw new IllegalArgumentException("maxBatch and concurrency must be at least 1");
        }
        this.maxBatch = maxBatch;
        this.concurrency = concurrency;
        this.commit = commit;
    }

    /**
     * The item's result, once the batch carrying it committed; the batch's error if it did not. Callers go on (sign
     * a token, write their answer) on the thread that saw their batch commit, and the batch's slot is freed after
     * them: where that work is what limits the rate, waiting items gather into larger batches instead of the slot
     * starting a statement per item. (Moving callers to the parallel scheduler made the batches of a 64-connection
     * burst 7 times smaller and cost 80 % more CPU per guest session: issue 16.)
     */
    public Mono<R> submit(T item) {
        return Mono.create(reply -> {
            waiting.add(new Pending<>(item, reply));
            drain();
        });
    }

    /**
     * Starts batches while slots are free and items wait. Called after every submission and after every batch
     * ends: an item added while all slots were busy is taken by the batch that frees the next slot.
     */
    private void drain() {
        while (!waiting.isEmpty()) {
            int busy = committing.get();
            if (busy >= concurrency) {
                return;
            }
            if (!committing.compareAndSet(busy, busy + 1)) {
                continue;
            }
            List<Pending<T, R>> batch = take();
            if (batch.isEmpty()) {
                committing.decrementAndGet();
                continue;
            }
            run(batch);
        }
    }

    private List<Pending<T, R>> take() {
        List<Pending<T, R>> batch = new ArrayList<>(Math.min(maxBatch, 64));
        Pending<T, R> next;
        while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    private void run(List<Pending<T, R>> batch) {
        List<T> items = batch.stream().map(Pending::item).toList();
        Mono.defer(() -> commit.apply(items))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("A group commit answered nothing")))
                .doFinally(ended -> {
                    committing.decrementAndGet();
                    drain();
                })
                .subscribe(results -> answer(batch, results), failure -> fail(batch, failure));
    }

    private static <T, R> void answer(List<Pending<T, R>> batch, List<R> results) {
        if (results.size() != batch.size()) {
            fail(batch, new IllegalStateException("A group commit answered " + results.size() + " results for "
                    + batch.size() + " items"));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).reply().success(results.get(i));
        }
    }

    private static <T, R> void fail(List<Pending<T, R>> batch, Throwable failure) {
        batch.forEach(pending -> pending.reply().error(failure));
    }
}
