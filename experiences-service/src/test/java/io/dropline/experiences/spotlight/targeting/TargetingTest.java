package io.dropline.experiences.spotlight.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import io.dropline.contracts.error.ApiException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
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
            "(a)\\1", "(?<n>a)\\k<n>", "(?=a)a", "(?!a)b", "(?<=a)b", "a{1,100000}", "[unclosed", "(", "",
            "(\\Q)\\E?a+)+", "\\Qa+\\E", "[\\Q]\\E]+"})
    void whenARegexIsUnsafeOrInvalidThen422(String pattern) {
        assertThatThrownBy(() -> SafeRegex.compile("x".repeat(257), "p")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> SafeRegex.compile(pattern, "p"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));
    }

    @ParameterizedTest
    @ValueSource(strings = {"^/billing(/.*)?$", "/projects/[0-9]+/settings", "a{2}", "(ab)?c", "[(+*)]+", "\\(a+\\)+", "(?:x|y)z*", "\\\\Q"})
    void whenARegexIsSafeThenItCompiles(String pattern) {
        assertThat(SafeRegex.compile(pattern, "p")).isNotNull();
    }

    /** Passes the static check (no nested quantifier); polynomial for a backtracking engine, linear under RE2. */
    private static final String SLOW = "^/.*a.*a.*a.*b$";
    private static final String SLOW_INPUT = "/" + "a".repeat(200);
    /** Long enough that RE2's bound for one match of SLOW (input length × program size) exceeds a match's budget. */
    private static final String OVER_BUDGET_INPUT = "/" + "a".repeat(200_000);

    @Test
    void whenAMatchExceedsItsStepBudgetThenItIsUnknownInsteadOfHanging() {
        Pattern slow = SafeRegex.compile(SLOW, "p");
        SafeRegex.Budget budget = SafeRegex.Budget.perRequest();
        assertThat(SafeRegex.find(slow, SLOW_INPUT, budget)).isEqualTo(SafeRegex.Outcome.NO_MATCH);
        assertThat(SafeRegex.find(slow, OVER_BUDGET_INPUT, budget)).isEqualTo(SafeRegex.Outcome.UNKNOWN);
        assertThat(SafeRegex.find(slow, "/aaab", budget)).isEqualTo(SafeRegex.Outcome.MATCH);
        assertThat(SafeRegex.find(slow, "/bbb", budget)).isEqualTo(SafeRegex.Outcome.NO_MATCH);
        assertThat(budget.abandoned()).isEqualTo(1);
    }

    @Test
    void whenOneRequestRunsManySlowMatchesThenItsSharedBudgetRunsOutAndEverythingAfterIsUnknown() {
        Pattern slow = SafeRegex.compile(SLOW, "p");
        Pattern trivial = SafeRegex.compile("a", "p");
        SafeRegex.Budget budget = SafeRegex.Budget.perRequest();
        int matches = 0;
        while (!budget.exhausted() && matches < 100) {
            assertThat(SafeRegex.find(slow, OVER_BUDGET_INPUT, budget)).isEqualTo(SafeRegex.Outcome.UNKNOWN);
            matches++;
        }
        assertThat(matches).as("a request's budget is a handful of abandoned matches").isBetween(2, 20);
        assertThat(SafeRegex.find(trivial, "a", budget)).isEqualTo(SafeRegex.Outcome.UNKNOWN);
        // Another request has its own budget.
        assertThat(SafeRegex.find(trivial, "a", SafeRegex.Budget.perRequest())).isEqualTo(SafeRegex.Outcome.MATCH);
    }

    @Test
    void whenAPatternCannotBeDecidedThenAnIncludeDoesNotIncludeAndAnExcludeExcludes() {
        URI slowPage = URI.create("https://x.io" + OVER_BUDGET_INPUT);
        var excluded = UrlPatterns.compile(UrlPatterns.validate(json("[{\"pattern\":\"/**\"},"
                + "{\"pattern\":\"" + SLOW + "\",\"is_regex\":true,\"exclude\":true}]"), "u"));
        assertThat(excluded.matches(slowPage, SafeRegex.Budget.perRequest())).as("undecided exclude fails closed").isFalse();
        assertThat(excluded.matches(URI.create("https://x.io/other"), SafeRegex.Budget.perRequest())).isTrue();
        var included = UrlPatterns.compile(UrlPatterns.validate(json("[{\"pattern\":\"" + SLOW + "\",\"is_regex\":true}]"), "u"));
        assertThat(included.matches(slowPage, SafeRegex.Budget.perRequest())).as("undecided include fails closed").isFalse();
        assertThat(included.matches(URI.create("https://x.io/ab/a/a/b"), SafeRegex.Budget.perRequest())).isTrue();
    }

    @Test
    void whenANegatedMatchesCannotBeDecidedThenTheRuleIsFalse() {
        JsonNode rule = json("{\"op\":\"and\",\"negate\":true,\"conditions\":[{\"attribute\":\"traits.s\",\"operator\":\"matches\","
                + "\"value\":\"" + SLOW + "\"}]}");
        AudienceRules.validate(rule, "audience");
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(AudienceRules.compile(rule).test(attributes(Map.of("traits.s", "\"" + OVER_BUDGET_INPUT + "\"")), now)).isFalse();
        assertThat(AudienceRules.compile(rule).test(attributes(Map.of("traits.s", "\"/zzz\"")), now)).isTrue();
    }

    @Test
    void whenATraitIsNotFiniteThenNumericOperatorsAreFalseInsteadOfFailing() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        var infinite = attributes(Map.of("traits.n", "1e400"));
        assertThat(infinite.values().get("traits.n").isNumber()).isTrue();
        for (String condition : new String[] {"\"operator\":\"gt\",\"value\":5", "\"operator\":\"lte\",\"value\":5",
                "\"operator\":\"eq\",\"value\":5", "\"operator\":\"in\",\"value\":[1,2]", "\"operator\":\"between\",\"value\":[1,2]"}) {
            JsonNode rule = json("{\"attribute\":\"traits.n\"," + condition + "}");
            AudienceRules.validate(rule, "audience");
            assertThat(AudienceRules.compile(rule).test(infinite, now)).as(condition).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"attribute\":\"traits.a\",\"operator\":\"gt\",\"value\":1e400}",
            "{\"attribute\":\"traits.a\",\"operator\":\"eq\",\"value\":-1e400}",
            "{\"attribute\":\"traits.a\",\"operator\":\"in\",\"value\":[1,1e400]}",
            "{\"attribute\":\"traits.a\",\"operator\":\"between\",\"value\":[0,1e400]}",
            "{\"attribute\":\"traits.a\",\"operator\":\"eq\",\"value\":\"a\\u0000b\"}",
            "{\"attribute\":\"traits.a\",\"operator\":\"in\",\"value\":[\"ok\",\"\\u0000\"]}",
            "{\"attribute\":\"traits.a\",\"operator\":\"contains\",\"value\":\"\\u0000\"}"})
    void whenARuleValueIsNotFiniteOrHasNulThen422(String rule) {
        assertThatThrownBy(() -> AudienceRules.validate(json(rule), "audience"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));
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
        assertThat(UrlPatterns.compile(patterns).matches(URI.create(url), SafeRegex.Budget.perRequest())).isEqualTo(expected);
    }

    @Test
    void whenMatchingRegexesAndExcludesThenSearchSemanticsAndExclusionWins() {
        var patterns = UrlPatterns.validate(json("[{\"pattern\":\"^/billing(/.*)?$\",\"is_regex\":true},"
                + "{\"pattern\":\"settings\",\"is_regex\":true},{\"pattern\":\"/billing/admin/**\",\"exclude\":true}]"), "u");
        var matcher = UrlPatterns.compile(patterns);
        var budget = SafeRegex.Budget.perRequest();
        assertThat(matcher.matches(URI.create("https://x.io/billing"), budget)).isTrue();
        assertThat(matcher.matches(URI.create("https://x.io/billing/invoices"), budget)).isTrue();
        assertThat(matcher.matches(URI.create("https://x.io/a/settings/b"), budget)).isTrue();
        assertThat(matcher.matches(URI.create("https://x.io/billing/admin/users"), budget)).isFalse();
        assertThat(matcher.matches(URI.create("https://x.io/prebilling"), budget)).isFalse();
        assertThat(UrlPatterns.compile(json("[]")).matches(URI.create("https://x.io/anything"), budget)).isTrue();
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
