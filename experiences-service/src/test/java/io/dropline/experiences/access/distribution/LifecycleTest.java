package io.dropline.experiences.access.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.experiences.access.distribution.Lifecycle.Status;
import io.dropline.experiences.access.distribution.Lifecycle.Timing;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    static final Instant OPEN = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant CLOSE = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void whenTheClockPassesOpenAtAndCloseAtThenStatusAndTimingFollowAtTheExactInstants() {
        Lifecycle life = Lifecycle.of(OPEN, CLOSE, null);
        assertThat(life.statusAt(OPEN.minusMillis(1))).isEqualTo(Status.SCHEDULED);
        assertThat(life.timingAt(OPEN.minusMillis(1))).isEqualTo(Timing.UPCOMING);
        assertThat(life.statusAt(OPEN)).isEqualTo(Status.OPEN);
        assertThat(life.timingAt(OPEN)).isEqualTo(Timing.ACTIVE);
        assertThat(life.acceptsEntriesAt(CLOSE.minusMillis(1))).isTrue();
        assertThat(life.statusAt(CLOSE)).isEqualTo(Status.CLOSED);
        assertThat(life.timingAt(CLOSE).wire()).isEqualTo("ended");
        assertThat(life.acceptsEntriesAt(CLOSE)).isFalse();
        // Still running after its window: a queue admits those who wait.
        assertThat(life.runningAt(CLOSE)).isTrue();
    }

    @Test
    void whenStoppedThenClosedAndKilledWhateverTheTimes() {
        Lifecycle life = Lifecycle.of(OPEN, CLOSE, "ended");
        assertThat(life.statusAt(OPEN.minusSeconds(60))).isEqualTo(Status.CLOSED);
        assertThat(life.timingAt(OPEN.minusSeconds(60)).wire()).isEqualTo("killed");
        assertThat(life.timingAt(CLOSE.plusSeconds(60))).isEqualTo(Timing.KILLED);
        assertThat(life.runningAt(OPEN.plusSeconds(1))).isFalse();
    }

    @Test
    void whenNoTimesThenOpenFromCreationUntilStopped() {
        Lifecycle life = Lifecycle.of(null, null, null);
        assertThat(life.statusAt(Instant.EPOCH)).isEqualTo(Status.OPEN);
        assertThat(life.timingAt(Instant.MAX).wire()).isEqualTo("active");
    }

    @Test
    void whenATypeReachedItsEndStateThenStatusShowsItOnceClosed() {
        Lifecycle drawn = Lifecycle.of(OPEN, CLOSE, null).ended(Status.DRAWN);
        assertThat(drawn.statusAt(OPEN)).isEqualTo(Status.OPEN);
        assertThat(drawn.statusAt(CLOSE)).isEqualTo(Status.DRAWN);
        assertThat(drawn.timingAt(CLOSE)).isEqualTo(Timing.ENDED);
    }
}
