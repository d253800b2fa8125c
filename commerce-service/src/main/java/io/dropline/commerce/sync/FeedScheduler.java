package io.dropline.commerce.sync;

import io.dropline.commerce.config.CommerceProperties;
import io.dropline.contracts.timer.Polling;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Fetches due feeds on a schedule, on every replica: each tick looks at a few due sync sources and imports those whose
 * lease it gets, so one fetch of a feed runs at a time across replicas and a replica that dies mid-fetch is replaced
 * once its lease runs out. A failed tick is tried again at the next.
 */
@Component
class FeedScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedScheduler.class);

    private final SyncSourceRepository repository;
    private final FeedImport imports;
    private final CommerceProperties properties;
    private final Clock clock;
    private volatile Disposable ticking;

    FeedScheduler(SyncSourceRepository repository, FeedImport imports, CommerceProperties properties, Clock clock) {
        this.repository = repository;
        this.imports = imports;
        this.properties = properties;
        this.clock = clock;
    }

    Mono<Void> tick() {
        return repository.due(clock.instant(), 5).concatMap(imports::runLeased).then();
    }

    @Override
    public void start() {
        ticking = Polling.every(properties.syncInterval(), this::tick, failure -> log.warn("Feed schedule tick failed: {}", failure.toString()));
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
}
