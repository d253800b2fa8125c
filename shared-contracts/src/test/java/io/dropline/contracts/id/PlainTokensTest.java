package io.dropline.contracts.id;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTokensTest {

    @Test
    void lettersDigitsAndTheFourMarksWithinTheBoundsArePlainAndNothingElseIs() {
        assertThat(PlainTokens.is("req_01:a.b-C9", 1, 100)).isTrue();
        assertThat(PlainTokens.is("", 0, 10)).isTrue();
        assertThat(PlainTokens.is("", 1, 10)).isFalse();
        assertThat(PlainTokens.is(null, 0, 10)).isFalse();
        assertThat(PlainTokens.is("a".repeat(11), 1, 10)).isFalse();
        assertThat(PlainTokens.is("a".repeat(10), 1, 10)).isTrue();
        for (String unsafe : new String[] {"a b", "a|b", "a/b", "a~b", "a\nb", "é", "a\u0000"}) {
            assertThat(PlainTokens.is(unsafe, 1, 10)).as(unsafe).isFalse();
        }
    }
}
