package io.dropline.experiences.access.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.experiences.access.journey.Routing.Caller;
import io.dropline.experiences.access.queue.QueueResponse;
import io.dropline.experiences.access.sequence.SequenceResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingTest {

    private static JourneyExperience.Path path(String id, int priority, String code, String audience, String queueStatus, boolean guests) {
        SequenceResponse sequence = new SequenceResponse(id, "org_x", "exp_x", id, priority, null, audience, code, "USER_SELECTED",
                Instant.EPOCH, Instant.EPOCH);
        QueueResponse queue = new QueueResponse("queue_" + id, "org_x", "exp_x", id, "q", null, null, null, guests, 60, null, null,
                null, false, null, null, null, null, queueStatus, "active", Instant.EPOCH, Instant.EPOCH);
        return new JourneyExperience.Path(sequence, List.of(queue));
    }

    private static Routing.Judgement judge(JourneyExperience.Path path, Caller caller, String code) {
        return Routing.judge(path, null, caller, code, Optional.empty());
    }

    @Test
    void whenCodesAreComparedThenOnlyEqualStringsMatch() {
        assertThat(Routing.sameCode("VIP-2030", "VIP-2030")).isTrue();
        assertThat(Routing.sameCode("VIP-2031", "VIP-2030")).isFalse();
        assertThat(Routing.sameCode("VIP", "VIP-2030")).isFalse();
        assertThat(Routing.sameCode("", "x")).isFalse();
    }

    @Test
    void whenWrongCodeAndFallbackExistsThenGatedInvalidNotRoutedToFallback() {
        var vip = path("seq_vip", 10, "VIP", null, "OPEN", true);
        var general = path("seq_gen", 0, null, null, "OPEN", true);
        RouteResponse answer = Routing.decide("exp_x", List.of(judge(vip, Caller.CONSUMER, "nope"), judge(general, Caller.CONSUMER, "nope")));
        assertThat(answer.outcome()).isEqualTo("gated");
        assertThat(answer.selected().gates()).containsExactly(RouteResponse.Gate.CODE_INVALID);
    }

    @Test
    void whenNoCodePresentedThenFallbackRoutedWithNeutralReason() {
        var vip = path("seq_vip", 10, "VIP", null, "OPEN", true);
        var general = path("seq_gen", 0, null, null, "OPEN", true);
        RouteResponse answer = Routing.decide("exp_x", List.of(judge(vip, Caller.CONSUMER, null), judge(general, Caller.CONSUMER, null)));
        assertThat(answer.outcome()).isEqualTo("routed");
        assertThat(answer.selected().sequence().id()).isEqualTo("seq_gen");
        assertThat(answer.outcomeReasons()).extracting(RouteResponse.Reason::code).containsExactly("ACCESS_CODE_REQUIRED");
    }

    @Test
    void whenClosedOrNotMemberThenPassedOver() {
        var closed = path("seq_closed", 10, null, null, "CLOSED", true);
        var audience = path("seq_aud", 5, null, "aud_x", "OPEN", true);
        assertThat(Routing.judge(closed, null, Caller.CONSUMER, null, Optional.empty()).kind()).isEqualTo(Routing.Judgement.Kind.PASSED_OVER);
        assertThat(Routing.needsMembership(audience, Caller.CONSUMER)).isTrue();
        assertThat(Routing.needsMembership(audience, Caller.ANONYMOUS)).isFalse();
        RouteResponse answer = Routing.decide("exp_x", List.of(judge(closed, Caller.CONSUMER, null),
                Routing.judge(audience, null, Caller.CONSUMER, null, Optional.of(false))));
        assertThat(answer.outcome()).isEqualTo("no_access");
        assertThat(answer.selected()).isNull();
        assertThat(answer.outcomeReasons()).extracting(RouteResponse.Reason::code).containsExactly("NO_ACCESS");
    }

    @Test
    void whenNoPathsThenNoSequences() {
        assertThat(Routing.decide("exp_x", List.of()).outcomeReasons()).extracting(RouteResponse.Reason::code).containsExactly("NO_SEQUENCES");
    }
}
