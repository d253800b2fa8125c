package io.dropline.gateway.origins;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.error.FieldError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginsTest {

    @Test
    void aListIsStoredCanonicalWithoutDuplicatesOrEveryBadEntryIsNamed() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(Origins.normalizeAll(List.of("HTTPS://Shop.Example:443", "https://shop.example", "http://localhost:3000"),
                "origins", errors)).containsExactly("https://shop.example", "http://localhost:3000");
        assertThat(errors).isEmpty();

        List<String> bad = Arrays.asList("https://ok.example", "*", "https://a.example/path", null, "https://u:p@a.example",
                "https://a.example\n");
        assertThat(Origins.normalizeAll(bad, "origins", errors)).isNull();
        assertThat(errors).extracting(FieldError::field)
                .containsExactly("origins[1]", "origins[2]", "origins[3]", "origins[4]", "origins[5]");
    }

    @Test
    void sameOriginIsTheHostTheRequestWasSentTo() {
        assertThat(Origins.isSameOrigin("https://waiting.example", "waiting.example")).isTrue();
        assertThat(Origins.isSameOrigin("https://waiting.example", "waiting.example:443")).isTrue();
        assertThat(Origins.isSameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(Origins.isSameOrigin("http://127.0.0.1:3000", "127.0.0.1:8080")).isFalse();
        assertThat(Origins.isSameOrigin("https://evil.example", "waiting.example")).isFalse();
        assertThat(Origins.isSameOrigin("null", "waiting.example")).isFalse();
        assertThat(Origins.isSameOrigin("https://waiting.example", null)).isFalse();
    }
}
