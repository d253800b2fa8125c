package io.dropline.experiences.access.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class AccessMetersTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AccessMeters meters = new AccessMeters(registry);

    @Test
    void whenStartedThenEveryCounterExistsAtZeroSoDashboardsAndAlertsFindThem() {
        assertThat(Search.in(registry).name("dropline.access.entries").counters()).hasSize(AccessMeters.TYPES.size());
        assertThat(Search.in(registry).name("dropline.access.grants.expired").counters()).hasSize(2);
        assertThat(Search.in(registry).name("dropline.auction.bids").counters()).hasSize(2);
        assertThat(Search.in(registry).name("dropline.access.entries").counters()).allMatch(counter -> counter.count() == 0);
    }

    @Test
    void whenEventsAreCountedThenOnlyTheirTypeOrOutcomeMoves() {
        meters.entered("queue", 256);
        meters.entered("draw", 1);
        meters.entered("no-such-type", 1);
        meters.grantsExpired("queue", 3);
        meters.bidAccepted();
        meters.bidRejected();
        meters.bidRejected();
        assertThat(registry.get("dropline.access.entries").tag("type", "queue").counter().count()).isEqualTo(256.0);
        assertThat(registry.get("dropline.access.entries").tag("type", "draw").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dropline.access.entries").tag("type", "waitlist").counter().count()).isZero();
        assertThat(registry.get("dropline.access.grants.expired").tag("type", "queue").counter().count()).isEqualTo(3.0);
        assertThat(registry.get("dropline.auction.bids").tag("outcome", "accepted").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dropline.auction.bids").tag("outcome", "rejected").counter().count()).isEqualTo(2.0);
    }

    @Test
    void whenNoTransactionIsRunningThenAnOnCommitCountHappensAtOnce() {
        StepVerifier.create(meters.enteredOnCommit("waitlist", 1)).verifyComplete();
        assertThat(registry.get("dropline.access.entries").tag("type", "waitlist").counter().count()).isEqualTo(1.0);
    }
}
