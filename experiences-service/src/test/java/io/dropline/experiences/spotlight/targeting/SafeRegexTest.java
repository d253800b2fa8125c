package io.dropline.experiences.spotlight.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dropline.contracts.error.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RE2/J under the Spotlight regex policy: what RE2 cannot compile is refused, and matching is linear. */
class SafeRegexTest {

    @ParameterizedTest
    @ValueSource(strings = {"a++", "(?>a)b", "\\p{javaLowerCase}", "a*+b", "\\Gx"})
    void whenRe2CannotCompileAPatternThen422LikeEveryInvalidPattern(String pattern) {
        assertThatThrownBy(() -> SafeRegex.compile(pattern, "p"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));
    }

    @Test
    void whenAPatternExplodesForABacktrackingEngineThenRe2AnswersInLinearTime() {
        // (a|a)* passes the static check (no nested quantifier) and is exponential for java.util.regex.
        var exponential = SafeRegex.compile("^(a|a)*b$", "p");
        SafeRegex.Budget budget = SafeRegex.Budget.perRequest();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(SafeRegex.find(exponential, "a".repeat(5_000), budget)).isEqualTo(SafeRegex.Outcome.NO_MATCH);
            assertThat(SafeRegex.find(exponential, "a".repeat(5_000) + "b", budget)).isEqualTo(SafeRegex.Outcome.MATCH);
        });
        assertThat(budget.abandoned()).isZero();
    }

    @Test
    void whenAStoredPatternIsNotRe2ThenEveryMatchIsUndecided() {
        var javaOnly = SafeRegex.stored("a++", 0);
        assertThat(javaOnly).isNull();
        SafeRegex.Budget budget = SafeRegex.Budget.perRequest();
        assertThat(SafeRegex.find(javaOnly, "aaa", budget)).isEqualTo(SafeRegex.Outcome.UNKNOWN);
        assertThat(budget.abandoned()).isEqualTo(1);
    }
}
