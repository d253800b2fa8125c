package io.dropline.consumer.session;

import io.dropline.consumer.config.SessionProperties;
import io.dropline.contracts.timer.Polling;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Keeps the gateway's revocation cache whole, on every replica: each tick rebuilds it from PostgreSQL when its
 * {@code complete} marker is missing (Redis restarted or lost its data), and otherwise writes the revocations whose
 * Redis write failed. One replica rebuilds at a time (a lease in Redis), every write is idempotent, and only a
 * rebuild whose lease survived to its end (Redis kept its data throughout) sets the marker. A failed tick (Redis or PostgreSQL down) is logged at most
 * every 10 s and simply tried again at the next tick.
 */
@Component
class RevocationCacheKeeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RevocationCacheKeeper.class);
    private static final long WARN_INTERVAL_MILLIS = 10_000;

    private final SessionRevocations revocations;
    private final SessionProperties properties;
    private final Clock clock;
    private final AtomicLong lastWarning = new AtomicLong();
    private volatile Disposable ticking;

    RevocationCacheKeeper(SessionRevocations revocations, SessionProperties properties, Clock clock) {
        this.revocations = revocations;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void start() {
        ticking = Polling.every(properties.revocationCacheInterval(), this::keep, this::warn);
    }

    @Override
    public void stop() {
        if (ticking != null) {
            ticking.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return ticking != null && !ticking.isDisposed();
    }

    /** One pass: rebuild a cache that is not complete, or catch up with failed writes. */
    Mono<Void> keep() {
        return revocations.cacheComplete()
                .flatMap(complete -> complete ? catchUp() : rebuild());
    }

    /** Not completed: another replica holds the rebuild lease, or Redis lost data meanwhile; the next tick looks again. */
    private Mono<Void> rebuild() {
        return revocations.rebuild()
                .filter(Boolean::booleanValue)
                .doOnNext(completed -> log.info("Rebuilt the session-revocation cache from PostgreSQL"))
                .then();
    }

    private Mono<Void> catchUp() {
        return revocations.writeUncached()
                .filter(written -> written > 0)
                .doOnNext(written -> log.info("Cached {} session revocation(s) whose Redis write had failed", written))
                .then();
    }

    private void warn(Throwable failed) {
        long now = clock.millis();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_MILLIS && lastWarning.compareAndSet(last, now)) {
            log.warn("Could not keep the session-revocation cache ({}); trying again", failed.toString());
        }
    }
}
