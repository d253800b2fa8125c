package io.dropline.contracts.event.bus;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The timers of the event bus: one pass at a time, ticks that arrive during a pass are dropped, failures only logged. */
final class Polling {

    private Polling() {
    }

    /**
     * Runs {@code pass} every {@code interval}, never two at once. A failed pass (PostgreSQL or Redis unavailable)
     * goes to {@code onFailure} and the next tick simply tries again: the work it left is still there.
     */
    static Disposable every(Duration interval, Supplier<Mono<?>> pass, Consumer<Throwable> onFailure) {
        return Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(tick -> pass.get().onErrorResume(failure -> {
                    onFailure.accept(failure);
                    return Mono.empty();
                }), 0)
                .subscribe();
    }
}
