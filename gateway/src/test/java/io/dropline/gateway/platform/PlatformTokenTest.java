package io.dropline.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropline.gateway.config.PlatformProperties;
import org.junit.jupiter.api.Test;

class PlatformTokenTest {

    @Test
    void theTokenMatchesOnlyItselfAndIsOffWhenEmpty() {
        PlatformToken token = new PlatformToken(new PlatformProperties("a-platform-token-of-at-least-32-chars"));
        assertThat(token.enabled()).isTrue();
        assertThat(token.matches("a-platform-token-of-at-least-32-chars")).isTrue();
        assertThat(token.matches("a-platform-token-of-at-least-32-chars ")).isFalse();
        assertThat(token.matches("a-platform-token-of-at-least-32-char")).isFalse();
        assertThat(token.matches(null)).isFalse();
        PlatformToken off = new PlatformToken(new PlatformProperties(""));
        assertThat(off.enabled()).isFalse();
        assertThat(off.matches("")).isFalse();
        assertThatThrownBy(() -> new PlatformProperties("too-short")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PlatformProperties("a-platform-token-of-at-least-32-chars").toString()).doesNotContain("chars");
    }
}
