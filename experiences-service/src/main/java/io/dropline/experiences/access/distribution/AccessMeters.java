package io.dropline.experiences.access.distribution;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * The business counters of the distribution types (docs/observability.md, "Metrics"). Every counter is built once
 * here for every type and outcome, so counting on a request path is a lookup in a fixed map and an increment (never a
 * new meter, never a tag built per request), and every name is in {@code /actuator/prometheus} before its first event
 * (the dashboard and the alert rules read them; gateway's SdkEndToEndIT checks they exist). Tags are closed sets:
 * {@code type} (the six distribution types) and {@code outcome}; never a consumer, organization or distribution id.
 */
@Component
public class AccessMeters {

    /** The {@link DistributionType#name()} of every type: the values of the {@code type} tag. */
    public static final List<String> TYPES = List.of("queue", "draw", "auction", "appointment", "timed_release", "waitlist");

    /** The types whose grants expire by a timer (a queue's ticker, a draw's expiry job); the others check at use. */
    static final List<String> EXPIRING = List.of("queue", "draw");

    private final Map<String, Counter> entries;
    private final Map<String, Counter> expired;
    private final Counter bidsAccepted;
    private final Counter bidsRejected;

    AccessMeters(MeterRegistry meters) {
        this.entries = perType(TYPES, type -> Counter.builder("dropline.access.entries")
                .description("Participants a distribution accepted: queue joins, draw entries, auction bidders, bookings, "
                        + "timed-release claims, waitlist sign-ups (repeats of an existing entry not counted)")
                .tag("type", type)
                .register(meters));
        this.expired = perType(EXPIRING, type -> Counter.builder("dropline.access.grants.expired")
                .description("Admission grants that lapsed unused and were taken back")
                .tag("type", type)
                .register(meters));
        this.bidsAccepted = bids(meters, "accepted");
        this.bidsRejected = bids(meters, "rejected");
    }

    private static Counter bids(MeterRegistry meters, String outcome) {
        return Counter.builder("dropline.auction.bids")
                .description("Auction bids: accepted (committed), rejected (refused by the auction's rules: too low, closed, sold out, ...)")
                .tag("outcome", outcome)
                .register(meters);
    }

    private static Map<String, Counter> perType(List<String> types, Function<String, Counter> build) {
        return types.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), build));
    }

    /** {@code count} new participants of a distribution of {@code type}. */
    public void entered(String type, int count) {
        Counter counter = entries.get(type);
        if (counter != null && count > 0) {
            counter.increment(count);
        }
    }

    /** {@code count} grants of a distribution of {@code type} lapsed and were taken back. */
    public void grantsExpired(String type, int count) {
        Counter counter = expired.get(type);
        if (counter != null && count > 0) {
            counter.increment(count);
        }
    }

    /** {@link #entered}, once the current transaction commits (at once without one). */
    public Mono<Void> enteredOnCommit(String type, int count) {
        return onCommit(() -> entered(type, count));
    }

    /** {@link #grantsExpired}, once the current transaction commits (at once without one). */
    public Mono<Void> grantsExpiredOnCommit(String type, int count) {
        return onCommit(() -> grantsExpired(type, count));
    }

    /** Counts what a transaction wrote only if it commits: a write rolled back (a lost claim, a later refusal) never happened. */
    private static Mono<Void> onCommit(Runnable count) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .doOnNext(transaction -> runAfterCommit(transaction, count))
                .then()
                .onErrorResume(NoTransactionException.class, none -> Mono.fromRunnable(count));
    }

    private static void runAfterCommit(TransactionSynchronizationManager transaction, Runnable count) {
        if (!transaction.isSynchronizationActive()) {
            count.run();
            return;
        }
        transaction.registerSynchronization(new TransactionSynchronization() {
            @Override
            public Mono<Void> afterCommit() {
                return Mono.fromRunnable(count);
            }
        });
    }

    public void bidAccepted() {
        bidsAccepted.increment();
    }

    public void bidRejected() {
        bidsRejected.increment();
    }
}
