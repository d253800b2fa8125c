package io.dropline.experiences.spotlight.userstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserStateTest {

    private static final String ITEM = "cnt_0a1b2c3d4e5f";
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    private static UserState shown(long impressions, Instant last) {
        return new UserState(Map.of("i:" + ITEM, Long.toString(impressions), "l:" + ITEM, Long.toString(last.toEpochMilli())));
    }

    @ParameterizedTest
    @CsvSource({"0, false", "2, false", "3, true", "4, true"})
    void whenMaxImpressionsIsSetThenHiddenFromTheNthImpressionOn(long impressions, boolean hidden) {
        UserState state = shown(impressions, NOW.minusSeconds(86_400));
        assertThat(state.capped(ITEM, new FrequencyCap(3, null), NOW)).isEqualTo(hidden);
    }

    @Test
    void whenMaxImpressionsIsOneThenTheFirstImpressionHides() {
        assertThat(UserState.EMPTY.capped(ITEM, new FrequencyCap(1, null), NOW)).isFalse();
        assertThat(shown(1, NOW.minusSeconds(86_400)).capped(ITEM, new FrequencyCap(1, null), NOW)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "0, true",        // shown just now
            "59999, true",    // one millisecond short of the interval
            "60000, false",   // exactly the interval: shown again
            "60001, false",
            "-5000, true"})   // an impression stamped in the future (client clock ahead) still counts
    void whenMinIntervalIsSetThenHiddenUntilItHasPassedSinceTheLastImpression(long agoMillis, boolean hidden) {
        UserState state = shown(1, NOW.minusMillis(agoMillis));
        assertThat(state.capped(ITEM, new FrequencyCap(null, 60), NOW)).isEqualTo(hidden);
    }

    @Test
    void whenNeverShownThenNoCapHides() {
        assertThat(UserState.EMPTY.capped(ITEM, new FrequencyCap(1, 31_536_000), NOW)).isFalse();
        assertThat(UserState.EMPTY.lastImpression(ITEM)).isEmpty();
    }

    @Test
    void whenNoCapOrAZeroIntervalThenImpressionsNeverHide() {
        UserState state = shown(1_000_000, NOW);
        assertThat(state.capped(ITEM, FrequencyCap.NONE, NOW)).isFalse();
        assertThat(state.capped(ITEM, new FrequencyCap(null, 0), NOW)).isFalse();
        assertThat(shown(1, NOW.plusSeconds(10)).capped(ITEM, new FrequencyCap(null, 0), NOW)).as("even stamped in the future").isFalse();
    }

    @Test
    void whenBothCapsAreSetThenEitherOneHides() {
        FrequencyCap both = new FrequencyCap(3, 3600);
        assertThat(shown(2, NOW.minusSeconds(7200)).capped(ITEM, both, NOW)).isFalse();
        assertThat(shown(2, NOW.minusSeconds(60)).capped(ITEM, both, NOW)).as("interval").isTrue();
        assertThat(shown(3, NOW.minusSeconds(7200)).capped(ITEM, both, NOW)).as("count").isTrue();
    }

    @Test
    void whenTheCapsOfAnotherItemAreReachedThenThisOneIsNotHidden() {
        UserState state = shown(5, NOW);
        assertThat(state.capped("cnt_ffffffffffff", new FrequencyCap(1, 3600), NOW)).isFalse();
    }

    @Test
    void whenAFieldIsUnreadableThenItFailsOpen() {
        UserState state = new UserState(Map.of("i:" + ITEM, "many", "l:" + ITEM, "yesterday"));
        assertThat(state.capped(ITEM, new FrequencyCap(1, 3600), NOW)).isFalse();
        assertThat(state.lastImpression(ITEM)).isEmpty();
    }
}
