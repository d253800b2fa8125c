package io.dropline.experiences.spotlight.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropline.contracts.error.ApiException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TargetingTest {

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    @ParameterizedTest
    @CsvSource({
            "tour_3f9a1c2b7d4e, user-1, 7816",
            "tour_3f9a1c2b7d4e, user-2, 2195",
            "tour_3f9a1c2b7d4e, alice@example.com, 3850",
            "cnt_0a1b2c3d4e5f, user-1, 6635",
            "cnt_0a1b2c3d4e5f, anon:7b1e, 4687"})
    void whenBucketingTheReferenceVectorsThenTheDocumentedBuckets(String salt, String user, int bucket) {
        assertThat(Rollout.bucket(salt, user)).isEqualTo(bucket);
        assertThat(Rollout.includes(salt, user, 25)).isEqualTo(bucket < 2500);
        assertThat(Rollout.includes(salt, user, 80)).isEqualTo(bucket < 8000);
    }

    @Test
    void whenRollingOutToThirtyPercentThenAboutThirtyPercentAndStickyWhenRaised() {
        int in = 0;
        for (int i = 0; i < 10_000; i++) {
            boolean at30 = Rollout.includes("tour_0123456789ab", "user-" + i, 30);
            in += at30 ? 1 : 0;
            if (at30) {
                assertThat(Rollout.includes("tour_0123456789ab", "user-" + i, 50)).isTrue();
            }
        }
        assertThat(in).isBetween(2800, 3200);
        assertThat(Rollout.includes("tour_0123456789ab", "anyone", 0)).isFalse();
        assertThat(Rollout.includes("tour_0123456789ab", "anyone", 100)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a+)+", "(a*)*", "(a+)*b", "((ab)+)+", "(x+x+)+y", "(.*a){2,}", "(\\w+\\s?)+$", "(a|b+)+",
            "(a)\\1", "(?<n>a)\\k<n>", "(?=a)a", "(?!a)b", "(?<=a)b", "a{1,100000}", "[unclosed", "(", ""})
    void whenARegexIsUnsafeOrInvalidThen422(String pattern) {
        assertThatThrownBy(() -> SafeRegex.compile("x".repeat(257), "p")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> SafeRegex.compile(pattern, "p"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));
    }

    @ParameterizedTest
    @ValueSource(strings = {"^/billing(/.*)?$", "/projects/[0-9]+/settings", "a{2}", "(ab)?c", "[(+*)]+", "\\(a+\\)+", "(?:x|y)z*"})
    void whenARegexIsSafeThenItCompiles(String pattern) {
        assertThat(SafeRegex.compile(pattern, "p")).isNotNull();
    }

    @Test
    void whenAMatchExceedsItsStepBudgetThenItIsNoMatchInsteadOfHanging() {
        // Overlapping alternatives pass the static check; the bounded matcher stops them.
        Pattern evil = SafeRegex.compile("^(a|aa)+$", "p");
        assertThat(SafeRegex.find(evil, "a".repeat(60) + "b")).isFalse();
        assertThat(SafeRegex.find(evil, "aaaa")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "/dashboard*, https://app.example.com/dashboard, true",
            "/dashboard*, https://app.example.com/dashboard-v2?x=1, true",
            "/dashboard*, https://app.example.com/dashboard/settings, false",
            "/dashboard/**, https://app.example.com/dashboard/a/b/c, true",
            "/projects/*/settings, https://app.example.com/projects/42/settings/, true",
            "/projects/*/settings, https://app.example.com/projects/4/2/settings, false",
            "/projects/*/settings, https://app.example.com/x/projects/42/settings, false",
            "/search?q=*, https://app.example.com/search?q=shoes, true",
            "/search, https://app.example.com/search?q=shoes, true",
            "https://APP.example.com/billing, https://app.example.com/billing, true",
            "https://other.example.com/billing, https://app.example.com/billing, false",
            "//app.example.com/**, http://app.example.com/a, true",
            "/a.b, https://app.example.com/aXb, false"})
    void whenMatchingGlobsThenReferenceSemantics(String glob, String url, boolean expected) {
        var patterns = UrlPatterns.validate(json("[{\"pattern\":\"" + glob + "\",\"is_regex\":false}]"), "url_patterns");
        assertThat(UrlPatterns.compile(patterns).matches(URI.create(url))).isEqualTo(expected);
    }

    @Test
    void whenMatchingRegexesAndExcludesThenSearchSemanticsAndExclusionWins() {
        var patterns = UrlPatterns.validate(json("[{\"pattern\":\"^/billing(/.*)?$\",\"is_regex\":true},"
                + "{\"pattern\":\"settings\",\"is_regex\":true},{\"pattern\":\"/billing/admin/**\",\"exclude\":true}]"), "u");
        var matcher = UrlPatterns.compile(patterns);
        assertThat(matcher.matches(URI.create("https://x.io/billing"))).isTrue();
        assertThat(matcher.matches(URI.create("https://x.io/billing/invoices"))).isTrue();
        assertThat(matcher.matches(URI.create("https://x.io/a/settings/b"))).isTrue();
        assertThat(matcher.matches(URI.create("https://x.io/billing/admin/users"))).isFalse();
        assertThat(matcher.matches(URI.create("https://x.io/prebilling"))).isFalse();
        assertThat(UrlPatterns.compile(json("[]")).matches(URI.create("https://x.io/anything"))).isTrue();
    }

    @Test
    void whenEvaluatingAudienceRulesThenReferenceSemantics() {
        JsonNode rule = json("""
                {"op":"and","conditions":[
                  {"attribute":"traits.plan","operator":"in","value":["pro","enterprise"]},
                  {"attribute":"traits.seats","operator":"gte","value":5},
                  {"op":"or","conditions":[
                    {"attribute":"traits.role","operator":"eq","value":"admin"},
                    {"attribute":"context.locale","operator":"starts_with","value":"de"}]}]}""");
        AudienceRules.validate(rule, "audience");
        var compiled = AudienceRules.compile(rule);
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(compiled.test(attributes(Map.of("traits.plan", "\"pro\"", "traits.seats", "5", "traits.role", "\"admin\"")), now)).isTrue();
        assertThat(compiled.test(attributes(Map.of("traits.plan", "\"pro\"", "traits.seats", "5", "context.locale", "\"de-DE\"")), now)).isTrue();
        assertThat(compiled.test(attributes(Map.of("traits.plan", "\"free\"", "traits.seats", "5", "traits.role", "\"admin\"")), now)).isFalse();
        assertThat(compiled.test(attributes(Map.of("traits.plan", "\"pro\"", "traits.seats", "\"5\"", "traits.role", "\"admin\"")), now)).isFalse();
        // Missing attributes are false for every operator but not_exists, including the negative ones.
        for (String op : new String[] {"neq", "not_in", "not_contains", "exists", "is_false"}) {
            String value = op.equals("not_in") ? "[\"x\"]" : op.equals("exists") || op.equals("is_false") ? "null" : "\"x\"";
            JsonNode condition = json("{\"attribute\":\"traits.missing\",\"operator\":\"" + op + "\",\"value\":" + value + "}");
            AudienceRules.validate(condition, "a");
            assertThat(AudienceRules.compile(condition).test(attributes(Map.of()), now)).as(op).isFalse();
        }
        JsonNode notExists = json("{\"attribute\":\"traits.missing\",\"operator\":\"not_exists\"}");
        assertThat(AudienceRules.compile(notExists).test(attributes(Map.of()), now)).isTrue();
        JsonNode recent = json("{\"attribute\":\"traits.signed_up_at\",\"operator\":\"within_last_days\",\"value\":14}");
        assertThat(AudienceRules.compile(recent).test(attributes(Map.of("traits.signed_up_at", "\"2029-12-25T00:00:00Z\"")), now)).isTrue();
        assertThat(AudienceRules.compile(recent).test(attributes(Map.of("traits.signed_up_at", "\"2029-11-25T00:00:00Z\"")), now)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"op\":\"or\",\"conditions\":[]}",
            "{\"op\":\"xor\",\"conditions\":[]}",
            "{\"attribute\":\"traits.a\",\"operator\":\"regex_like\",\"value\":\"x\"}",
            "{\"attribute\":\"password\",\"operator\":\"eq\",\"value\":\"x\"}",
            "{\"attribute\":\"traits.a\",\"operator\":\"gt\",\"value\":\"abc\"}",
            "{\"attribute\":\"traits.a\",\"operator\":\"matches\",\"value\":\"(a+)+\"}",
            "{\"attribute\":\"traits.a\",\"operator\":\"exists\",\"value\":1}",
            "{\"op\":\"and\",\"conditions\":[{\"op\":\"and\",\"conditions\":[{\"op\":\"and\",\"conditions\":[{\"op\":\"and\",\"conditions\":[{\"attribute\":\"traits.a\",\"operator\":\"exists\"}]}]}]}]}"})
    void whenAudienceRulesAreInvalidThenRejected(String rule) {
        assertThatThrownBy(() -> AudienceRules.validate(json(rule), "audience")).isInstanceOf(ApiException.class);
    }

    @Test
    void whenAudienceRulesHaveMoreThanFiftyConditionsThen422() {
        String condition = "{\"attribute\":\"traits.a\",\"operator\":\"exists\"}";
        String rule = "{\"op\":\"and\",\"conditions\":[" + String.join(",", java.util.Collections.nCopies(51, condition)) + "]}";
        assertThatThrownBy(() -> AudienceRules.validate(json(rule), "audience"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));
    }

    private static AudienceRules.Attributes attributes(Map<String, String> values) {
        Map<String, JsonNode> nodes = new java.util.HashMap<>();
        values.forEach((key, value) -> nodes.put(key, json(value)));
        return new AudienceRules.Attributes(nodes);
    }
}
