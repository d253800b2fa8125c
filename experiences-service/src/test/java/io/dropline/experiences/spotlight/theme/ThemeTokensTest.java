package io.dropline.experiences.spotlight.theme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropline.contracts.error.ApiException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class ThemeTokensTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "--spot-primary|#ff6a4d", "--spot-primary|#FFF", "--spot-primary|#11223344", "--spot-overlay|rgba(0,0,0,0.4)",
            "--spot-overlay|rgb(10 20 30 / 50%)", "--spot-bg|hsl(210, 40%, 98%)", "--spot-bg|transparent", "--spot-fg|currentColor",
            "--spot-radius|10px", "--spot-radius|0", "--spot-max-width|40vw", "--spot-font-size|0.875rem", "--spot-line-height|1.5",
            "--spot-z-index|2147483000", "--spot-transition|200ms", "--spot-transition|0.2s",
            "--spot-font-family|system-ui, -apple-system, \"Segoe UI\", sans-serif", "--spot-font-family|'Inter', Arial",
            "--spot-shadow|none", "--spot-shadow|0 10px 30px rgba(0,0,0,0.15)", "--spot-shadow|inset 0 1px 2px #000, 0 0 0 1px red",
            "--spot-x-brand-accent|#123456", "--spot-x-gap|12px", "--spot-text|#f8fafc"})
    void whenATokenValueFitsItsKindThenAccepted(String token, String value) {
        assertThat(ThemeTokens.validate(JsonMapper.shared().valueToTree(Map.of(token, value)), "variables")).containsEntry(token, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "red;}</style><script>alert(1)</script>", "red; background: url(javascript:alert(1))", "url(javascript:alert(1))",
            "URL(https://evil.example/x.png)", "expression(alert(1))", "ExPrEsSiOn(alert(1))", "#fff\\3b", "#fff\\u003b", "\\0000",
            "@import 'x'", "#fff /* c */", "var(--x)", "calc(1px + 1px)", "attr(data-x)", "#ff00001", "#gggggg", "red}",
            "\"#fff\"", "'red'", "#fff\u0000", "#fff\n", "\uff03fff", "ｒｅｄ", "rgb(0,0,0);x:y", "rgba(0,0,0,0.4) !important",
            "blue<", "javascript:alert(1)", "", " "})
    void whenAColorValueIsAnInjectionAttemptThen422(String value) {
        assertThatThrownBy(() -> ThemeTokens.validate(JsonMapper.shared().valueToTree(Map.of("--spot-primary", value)), "variables"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "--spot-font-family|Arial; } body { display:none", "--spot-font-family|\"Arial\\\"\"", "--spot-font-family|url(x)",
            "--spot-font-family|<script>", "--spot-radius|10px;", "--spot-radius|10 px", "--spot-radius|expression(1)",
            "--spot-z-index|99999999999", "--spot-z-index|-1", "--spot-transition|200", "--spot-shadow|0 0 0 0 0 red",
            "--spot-shadow|0 0 red blue", "--spot-shadow|a, b, c, d", "--spot-line-height|1.5em", "--spot-x-evil|url(x)",
            "--spot-x-evil|a;b"})
    void whenAValueBreaksItsKindsGrammarThen422(String token, String value) {
        assertThatThrownBy(() -> ThemeTokens.validate(JsonMapper.shared().valueToTree(Map.of(token, value)), "variables"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--spot-unknown", "--other-primary", "color", "--spot-x-", "--spot-x-UPPER", "--spot-primary;"})
    void whenATokenIsUnknownThen422(String token) {
        assertThatThrownBy(() -> ThemeTokens.validate(JsonMapper.shared().valueToTree(Map.of(token, "#fff")), "variables"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));
    }

    @org.junit.jupiter.api.Test
    void whenAValueIsTooLongOrThereAreTooManyTokensThen422() {
        String longFont = "A" + "a".repeat(59) + (", B" + "b".repeat(50)).repeat(3);
        assertThat(longFont.length()).isGreaterThan(200);
        assertThatThrownBy(() -> ThemeTokens.validate(JsonMapper.shared().valueToTree(Map.of("--spot-font-family", longFont)), "v"))
                .isInstanceOf(ApiException.class);
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("--spot-x-t" + i, "1px");
        }
        assertThatThrownBy(() -> ThemeTokens.validate(JsonMapper.shared().valueToTree(many), "v")).isInstanceOf(ApiException.class);
    }

    @org.junit.jupiter.api.Test
    void whenCheckingThePresetsThenEveryPresetTokenIsValid() {
        for (ThemePresets.Preset preset : ThemePresets.ALL) {
            assertThat(ThemeTokens.validate(JsonMapper.shared().valueToTree(preset.light()), preset.id())).isEqualTo(preset.light());
            if (preset.dark() != null) {
                assertThat(ThemeTokens.validate(JsonMapper.shared().valueToTree(preset.dark()), preset.id())).isEqualTo(preset.dark());
            }
        }
    }
}
