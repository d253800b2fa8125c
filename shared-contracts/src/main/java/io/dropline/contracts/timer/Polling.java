package io.dropline.contracts.timer;

import io.dropline.contracts.web.ErrorMapping;
import io.dropline.contracts.web.OutageLog;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A process-local timer (every replica runs its own): one pass at a time, ticks that arrive during a pass are dropped,
 * failures only reported. The event bus's relay and consumer, consumer-service's revocation cache keeper and
 * experiences-service's admission ticker and distribution timer runner use it.
 * Work that must run once across replicas needs more than this (a lease or a claim, as the relay's
 * {@code FOR UPDATE SKIP LOCKED}).
 */
public final class Polling {

    private Polling() {
    }

    /**
     * Runs {@code pass} every {@code interval}, never two at once. A failed pass (PostgreSQL or Redis unavailable)
     * goes to {@code onFailure} and the next tick simply tries again: the work it left is still there. While a
     * dependency is down every pass fails alike, so such failures ({@link ErrorMapping#dependencyUnavailable}) reach
     * {@code onFailure} once per cause every {@link OutageLog#WINDOW}, not every pass (a relay polling every 200 ms
     * wrote five lines a second through a PostgreSQL outage); other failures reach it every time.
     */
    public static Disposable every(Duration interval, Supplier<Mono<?>> pass, Consumer<Throwable> onFailure) {
        OutageLog.Throttle outages = new OutageLog.Throttle();
        return Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(tick -> pass.get().onErrorResume(failure -> {
                    if (!ErrorMapping.dependencyUnavailable(failure) || outages.admit(failure) >= 0) {
                        onFailure.accept(failure);
                    }
                    return Mono.empty();
                }), 0)
                .subscribe();
    }
}
