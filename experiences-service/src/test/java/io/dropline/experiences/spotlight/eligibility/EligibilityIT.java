package io.dropline.experiences.spotlight.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.event.bus.EventSubscription;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.spotlight.SpotlightCalls;
import io.dropline.experiences.spotlight.userstate.UserStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class EligibilityIT {

    private static final String PAGE = "https://app.example.com/dashboard?tab=1#top";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
        // Nothing listens here: audience-service is "down" for the audience_id checks.
        registry.add("dropline.experiences.audience.base-url", () -> "http://127.0.0.1:9");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    EligibilityService service;

    @Autowired
    List<EventSubscription> subscriptions;

    @Autowired
    UserStateStore userStates;

    SpotlightCalls api;

    @BeforeEach
    void newTenant() {
        api = new SpotlightCalls(http, db, UUID.randomUUID(), Environment.LIVE);
    }

    private String tour(String extra) {
        String body = "{\"title\":\"Tour\",\"steps\":[{\"step_id\":\"s1\",\"order\":0,\"title\":\"Hi\",\"body\":\"Hello\","
                + "\"element_target\":{\"data_attribute\":\"hdr\"}}]" + (extra.isEmpty() ? "" : "," + extra) + "}";
        String id = api.ok("POST", "/v1/admin/tours", body, 201).get("tour_id").stringValue();
        api.ok("POST", "/v1/admin/tours/" + id + "/publish", null);
        return id;
    }

    private String content(String type, String extra) {
        String body = "{\"content_type\":\"" + type + "\",\"title\":\"C\",\"body\":\"b\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
        String id = api.ok("POST", "/v1/admin/content", body, 201).get("content_id").stringValue();
        api.ok("POST", "/v1/admin/content/" + id + "/publish", null);
        return id;
    }

    private static Map<String, Object> user(String url, String id, Map<String, Object> traits) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("user", Map.of("id", id, "traits", traits));
        return body;
    }

    private void fold(String type, String itemType, String itemId, String userKey, String sessionId, Map<String, Object> properties,
            String eventId) {
        fold(type, itemType, itemId, userKey, sessionId, properties, eventId, Instant.now());
    }

    private void fold(String type, String itemType, String itemId, String userKey, String sessionId, Map<String, Object> properties,
            String eventId, Instant occurredAt) {
        Map<String, Object> data = new HashMap<>();
        data.put("event_id", eventId);
        data.put("type", type);
        data.put("item_type", itemType);
        data.put("item_id", itemId);
        data.put("version", 1);
        data.put("session_id", sessionId);
        data.put("user_key", userKey);
        data.put("occurred_at", occurredAt.toString());
        data.put("properties", properties);
        EventEnvelope event = new EventEnvelope("evt_" + eventId, EventTypes.SDK_EVENT, Ids.format("org", api.org()), "live", itemType,
                itemId, Instant.now(), "req-x", userKey, data);
        EventSubscription subscription = subscriptions.stream().filter(s -> s.accepts(EventTypes.SDK_EVENT)).findFirst().orElseThrow();
        StepVerifier.create(subscription.handler().apply(event)).verifyComplete();
    }

    @Test
    void whenEligibleThenPublishedSnapshotsInPriorityOrderWithoutTargetingRules() {
        String low = tour("\"priority\":10,\"url_patterns\":[{\"pattern\":\"/dashboard*\"}],\"audience\":{\"op\":\"and\",\"conditions\":[]}");
        String high = tour("\"priority\":90");
        String banner = content("banner", "\"priority\":70,\"cta_text\":\"Go\",\"cta_url\":\"/go\"");
        String draft = api.ok("POST", "/v1/admin/tours", "{\"title\":\"Draft\"}", 201).get("tour_id").stringValue();

        JsonNode data = api.eligible(user(PAGE, "u-1", Map.of()), Set.of());
        assertThat(data.get("tours")).hasSize(2);
        assertThat(data.get("tours").get(0).get("tour_id").stringValue()).isEqualTo(high);
        assertThat(data.get("tours").get(1).get("tour_id").stringValue()).isEqualTo(low);
        assertThat(api.eligibleIds(user(PAGE, "u-1", Map.of()))).doesNotContain(draft);
        JsonNode tour = data.get("tours").get(1);
        assertThat(tour.propertyNames()).containsExactlyInAnyOrder("tour_id", "version", "title", "steps", "trigger", "priority",
                "dismiss_behavior", "theme", "theme_dark");
        assertThat(tour.get("version").intValue()).isEqualTo(1);
        assertThat(tour.get("steps").get(0).get("step_id").stringValue()).isEqualTo("s1");
        assertThat(tour.get("theme").get("--spot-primary").stringValue()).isEqualTo("#4f46e5");
        JsonNode item = data.get("content").get(0);
        assertThat(item.get("content_id").stringValue()).isEqualTo(banner);
        assertThat(item.propertyNames()).containsExactlyInAnyOrder("content_id", "content_type", "title", "body", "element_target",
                "cta_text", "cta_url", "trigger", "priority", "dismiss_behavior", "theme", "theme_dark");
        String raw = data.toString();
        for (String secret : List.of("url_patterns", "audience", "rollout", "schedule", "audience_id", "frequency", "max_impressions")) {
            assertThat(raw).doesNotContain(secret);
        }
        assertThat(data.get("kill_switch").get("active").booleanValue()).isFalse();
        assertThat(data.get("kill_switch").get("scopes")).isEmpty();
        assertThat(data.get("ttl_seconds").intValue()).isEqualTo(30);
        assertThat(data.get("evaluated_at").stringValue()).endsWith("Z");

        // Admin writes reach the SDK at once on this replica: an archived tour stops serving, a new publish starts.
        api.ok("POST", "/v1/admin/tours/" + high + "/archive", null);
        assertThat(api.eligibleIds(user(PAGE, "u-1", Map.of()))).containsExactly(low, banner);
        api.ok("PUT", "/v1/admin/tours/" + low, "{\"title\":\"Renamed\"}");
        assertThat(api.eligible(user(PAGE, "u-1", Map.of()), Set.of()).get("tours").get(0).get("title").stringValue())
                .as("the served version, not the working draft").isEqualTo("Tour");
        api.ok("POST", "/v1/admin/tours/" + low + "/publish", null);
        JsonNode republished = api.eligible(user(PAGE, "u-1", Map.of()), Set.of()).get("tours").get(0);
        assertThat(republished.get("title").stringValue()).isEqualTo("Renamed");
        assertThat(republished.get("version").intValue()).isEqualTo(2);
    }

    @Test
    void whenUrlPatternsAreGlobsOrRegexesThenOnlyMatchingPagesServeThem() {
        String glob = tour("\"url_patterns\":[{\"pattern\":\"/projects/*/settings\",\"is_regex\":false}]");
        String deep = content("banner", "\"url_patterns\":[{\"pattern\":\"/docs/**\"}]");
        String regex = content("modal", "\"url_patterns\":[{\"pattern\":\"^/billing(/.*)?$\",\"is_regex\":true}]");
        String query = content("banner", "\"url_patterns\":[{\"pattern\":\"/search?q=*\"}]");
        assertThat(api.eligibleIds(user("https://a.io/projects/42/settings", "u", Map.of()))).containsExactly(glob);
        assertThat(api.eligibleIds(user("https://a.io/projects/42/settings/", "u", Map.of()))).containsExactly(glob);
        assertThat(api.eligibleIds(user("https://a.io/projects/4/2/settings", "u", Map.of()))).isEmpty();
        assertThat(api.eligibleIds(user("https://a.io/docs/a/b/c", "u", Map.of()))).containsExactly(deep);
        assertThat(api.eligibleIds(user("https://a.io/billing/invoices?x=1", "u", Map.of()))).containsExactly(regex);
        assertThat(api.eligibleIds(user("https://a.io/billingx", "u", Map.of()))).isEmpty();
        assertThat(api.eligibleIds(user("https://a.io/search?q=shoes", "u", Map.of()))).containsExactly(query);
    }

    @Test
    void whenAudienceRulesAreSetThenTraitsAndUserIdDecide() {
        String pros = content("banner", "\"audience\":{\"op\":\"and\",\"conditions\":[{\"attribute\":\"traits.plan\",\"operator\":\"in\","
                + "\"value\":[\"pro\",\"enterprise\"]},{\"attribute\":\"traits.seats\",\"operator\":\"gt\",\"value\":3}]}");
        String notAlice = content("banner", "\"audience\":{\"attribute\":\"user.id\",\"operator\":\"neq\",\"value\":\"alice\"}");
        String noRole = content("banner", "\"audience\":{\"attribute\":\"traits.role\",\"operator\":\"not_exists\"}");
        String member = content("banner", "\"audience_id\":\"aud_01JD3Q6Z8WQ0X5T9R2M4N7B1CE\"");
        assertThat(api.eligibleIds(user(PAGE, "bob", Map.of("plan", "pro", "seats", 5))))
                .containsExactlyInAnyOrder(pros, notAlice, noRole);
        assertThat(api.eligibleIds(user(PAGE, "bob", Map.of("plan", "free", "seats", 5, "role", "admin")))).containsExactly(notAlice);
        assertThat(api.eligibleIds(user(PAGE, "alice", Map.of("plan", "pro", "seats", "5")))).containsExactly(noRole);
        // Anonymous users have no user.id: neq on a missing attribute is false.
        assertThat(api.eligibleIds(Map.of("url", PAGE, "anonymous_id", "a1"))).containsExactly(noRole);
        // audience-service unreachable: the audience_id item is left out, the answer is still 200.
        assertThat(api.eligibleIds(user(PAGE, Ids.format("cons", Ids.newUuid()), Map.of()))).doesNotContain(member).contains(notAlice);
    }

    @Test
    void whenRolledOutToThirtyPercentThenAboutThirtyPercentOfTenThousandUsersSeeIt() {
        String id = content("banner", "\"rollout\":{\"enabled\":true,\"percentage\":30}");
        InternalContext sdk = new InternalContextCodec(TestInfra.INTERNAL_SECRET).create(api.org(), Environment.LIVE, ApiSurface.SDK,
                Principal.apiKey("key_pk"), "req-rollout");
        StepVerifier.create(Flux.range(0, 10_000)
                        .flatMap(i -> service.eligible(sdk, JsonMapper.shared().valueToTree(user(PAGE, "user-" + i, Map.of()))), 32)
                        .filter(response -> !response.content().isEmpty())
                        .count())
                .assertNext(seen -> assertThat(seen).isBetween(2800L, 3200L))
                .verifyComplete();
        // Deterministic: the same user gets the same answer every time.
        boolean first = api.eligibleIds(user(PAGE, "user-42", Map.of())).contains(id);
        assertThat(api.eligibleIds(user(PAGE, "user-42", Map.of())).contains(id)).isEqualTo(first);
    }

    @Test
    void whenSchedulesAreOutsideTheirWindowThenNotServed() {
        String past = content("banner", "\"schedule\":{\"start_at\":\"2020-01-01T00:00:00Z\",\"end_at\":\"2020-02-01T00:00:00Z\"}");
        String future = content("banner", "\"schedule\":{\"start_at\":\"2090-01-01T00:00:00Z\",\"end_at\":null}");
        String open = content("banner", "\"schedule\":{\"start_at\":\"2020-01-01T00:00:00+02:00\",\"end_at\":\"2090-01-01T00:00:00Z\"}");
        assertThat(api.eligibleIds(user(PAGE, "u", Map.of()))).containsExactly(open).doesNotContain(past, future);
    }

    @Test
    void whenDismissedOrCompletedThenHiddenPerDismissBehaviorAndRedeliveryIsHarmless() {
        String once = tour("\"dismiss_behavior\":\"once\"");
        String session = content("banner", "\"dismiss_behavior\":\"session\",\"priority\":40");
        String snooze = content("banner", "\"dismiss_behavior\":\"snooze\",\"priority\":30");
        String none = content("banner", "\"dismiss_behavior\":\"none\",\"priority\":20");
        Map<String, Object> request = new HashMap<>(user(PAGE, "u-7", Map.of()));
        request.put("session_id", "s-1");
        assertThat(api.eligibleIds(request)).containsExactly(once, session, snooze, none);

        String eventId = Ids.newUuid().toString();
        fold("dismissed", "tour", once, "u-7", "s-1", Map.of("reason", "close_button"), eventId);
        fold("dismissed", "tour", once, "u-7", "s-1", Map.of("reason", "close_button"), eventId);
        fold("dismissed", "content", session, "u-7", "s-1", Map.of(), Ids.newUuid().toString());
        fold("dismissed", "content", snooze, "u-7", "s-1", Map.of("snooze_until", "2090-01-01T00:00:00Z"), Ids.newUuid().toString());
        fold("dismissed", "content", none, "u-7", "s-1", Map.of(), Ids.newUuid().toString());
        String impression = Ids.newUuid().toString();
        fold("impression", "content", none, "u-7", "s-1", Map.of(), impression);
        fold("impression", "content", none, "u-7", "s-1", Map.of(), impression);
        fold("step_viewed", "tour", once, "u-7", "s-1", Map.of(), Ids.newUuid().toString());

        assertThat(api.eligibleIds(request)).containsExactly(none);
        request.put("session_id", "s-2");
        assertThat(api.eligibleIds(request)).containsExactly(session, none);
        // Other users are unaffected, and the impression counted once despite the redelivery.
        assertThat(api.eligibleIds(user(PAGE, "u-8", Map.of()))).containsExactly(once, session, snooze, none);
        StepVerifier.create(userStates.load(api.org(), "live", "u-7"))
                .assertNext(state -> assertThat(state.impressions(none)).isEqualTo(1))
                .verifyComplete();

        String completed = tour("\"dismiss_behavior\":\"none\",\"priority\":99");
        fold("tour_completed", "tour", completed, "u-8", null, Map.of(), Ids.newUuid().toString());
        assertThat(api.eligibleIds(user(PAGE, "u-8", Map.of()))).doesNotContain(completed);
        assertThat(api.eligibleIds(user(PAGE, "u-9", Map.of()))).contains(completed);
    }

    @Test
    void whenFrequencyCapsAreReachedThenHiddenAfterMaxImpressionsAndUntilTheMinIntervalHasPassed() {
        String tour = tour("\"frequency\":{\"min_interval_seconds\":3600}");
        String twice = content("banner", "\"priority\":30,\"frequency\":{\"max_impressions\":2}");
        String hourly = content("banner", "\"priority\":20,\"frequency\":{\"min_interval_seconds\":3600}");
        String uncapped = content("banner", "\"priority\":10,\"dismiss_behavior\":\"none\"");
        Map<String, Object> request = user(PAGE, "u-cap", Map.of());
        assertThat(api.eligibleIds(request)).containsExactly(tour, twice, hourly, uncapped);
        assertThat(api.eligible(request, Set.of()).toString()).as("caps never leave the server").doesNotContain("frequency", "max_impressions",
                "min_interval_seconds");
        Instant now = Instant.now();

        // max_impressions 2: one impression (delivered twice) leaves it eligible, the second distinct one hides it.
        String first = Ids.newUuid().toString();
        fold("impression", "content", twice, "u-cap", "s-1", Map.of(), first, now.minus(Duration.ofDays(2)));
        fold("impression", "content", twice, "u-cap", "s-1", Map.of(), first, now.minus(Duration.ofDays(2)));
        assertThat(api.eligibleIds(request)).contains(twice);
        fold("impression", "content", twice, "u-cap", "s-1", Map.of(), Ids.newUuid().toString(), now.minus(Duration.ofDays(1)));
        assertThat(api.eligibleIds(request)).doesNotContain(twice);

        // min_interval_seconds 3600: an impression two hours ago is far enough back, one ten minutes ago is not, and a
        // late, older impression does not move the last one back.
        fold("impression", "content", hourly, "u-cap", "s-1", Map.of(), Ids.newUuid().toString(), now.minus(Duration.ofHours(2)));
        assertThat(api.eligibleIds(request)).contains(hourly);
        fold("impression", "content", hourly, "u-cap", "s-1", Map.of(), Ids.newUuid().toString(), now.minus(Duration.ofMinutes(10)));
        fold("impression", "content", hourly, "u-cap", "s-1", Map.of(), Ids.newUuid().toString(), now.minus(Duration.ofHours(3)));
        assertThat(api.eligibleIds(request)).doesNotContain(hourly);

        // The tour was shown 30 minutes ago: hidden while the interval is an hour; once the interval is 20 minutes it has
        // passed, so the item is back (caps are read at request time, against the stored last impression).
        fold("impression", "tour", tour, "u-cap", "s-1", Map.of(), Ids.newUuid().toString(), now.minus(Duration.ofMinutes(30)));
        assertThat(api.eligibleIds(request)).containsExactly(uncapped);
        api.ok("PUT", "/v1/admin/tours/" + tour, "{\"frequency\":{\"min_interval_seconds\":1200}}");
        api.ok("POST", "/v1/admin/tours/" + tour + "/publish", null);
        assertThat(api.eligibleIds(request)).containsExactly(tour, uncapped);

        // A manual item is started by the user, so its caps never hide it (reference §11.2).
        String manual = content("banner", "\"priority\":5,\"trigger\":{\"trigger_type\":\"manual\"},\"frequency\":{\"max_impressions\":1}");
        fold("impression", "content", manual, "u-cap", "s-1", Map.of(), Ids.newUuid().toString(), now.minus(Duration.ofDays(1)));
        fold("impression", "content", manual, "u-cap", "s-1", Map.of(), Ids.newUuid().toString(), now.minus(Duration.ofHours(1)));
        assertThat(api.eligibleIds(request)).containsExactly(tour, uncapped, manual);

        // Uncapped items ignore impressions; other users are unaffected.
        for (int i = 0; i < 3; i++) {
            fold("impression", "content", uncapped, "u-cap", "s-1", Map.of(), Ids.newUuid().toString(), now);
        }
        assertThat(api.eligibleIds(request)).contains(uncapped);
        assertThat(api.eligibleIds(user(PAGE, "u-other", Map.of()))).containsExactly(tour, twice, hourly, uncapped, manual);
        StepVerifier.create(userStates.load(api.org(), "live", "u-cap"))
                .assertNext(state -> {
                    assertThat(state.impressions(twice)).isEqualTo(2);
                    assertThat(state.impressions(hourly)).isEqualTo(3);
                    assertThat(state.lastImpression(hourly)).hasValue(now.minus(Duration.ofMinutes(10)).toEpochMilli());
                    assertThat(state.lastImpression(twice)).hasValue(now.minus(Duration.ofDays(1)).toEpochMilli());
                })
                .verifyComplete();
    }

    @Test
    void whenSlowPatternsUseUpTheRequestBudgetThenTheRestIsNotEligibleAndTheAnswerIsStill200() {
        // Passes the static regex check; RE2's bound for one match (input length × program size, the counted repeats make
        // the program about 2000 instructions) exceeds a match's budget on a 2 KiB page, and each such match draws on the request's.
        for (int i = 0; i < 12; i++) {
            content("banner", "\"priority\":90,\"url_patterns\":[{\"pattern\":\"^/(.*a.*a.*a.*b|x{1000}|y{1000})$\",\"is_regex\":true}]");
        }
        String plain = content("banner", "\"priority\":10");
        String excluding = content("banner", "\"priority\":5,\"url_patterns\":[{\"pattern\":\"^/(.*a.*a.*a.*b|x{1000}|y{1000})$\",\"is_regex\":true,\"exclude\":true}]");
        String slowPage = "https://a.io/" + "a".repeat(2000);
        assertThat(api.eligibleIds(user(slowPage, "u", Map.of()))).as("fail closed once the budget is spent").isEmpty();
        assertThat(api.eligibleIds(user("https://a.io/ab/a/a/b", "u", Map.of()))).hasSize(13).contains(plain).doesNotContain(excluding);
        assertThat(api.eligibleIds(user("https://a.io/zzz", "u", Map.of()))).containsExactly(plain, excluding);
    }

    @Test
    void whenAFoldFailsHalfwayThenNothingIsWrittenAndTheRedeliveryApplies() {
        String eventId = "evt_" + Ids.newUuid();
        // A max with no number used to fail after the guard and the first write: the redelivery was then dropped.
        StepVerifier.create(userStates.apply(api.org(), "live", "u-f", eventId, List.of("set", "s:x", "v1", "max", "d:x", "not-a-number")))
                .expectError()
                .verify();
        StepVerifier.create(userStates.load(api.org(), "live", "u-f")).assertNext(state -> assertThat(state.fields()).isEmpty())
                .verifyComplete();
        StepVerifier.create(userStates.apply(api.org(), "live", "u-f", eventId, List.of("set", "s:x", "v1", "max", "d:x", "5")))
                .expectNext(true).verifyComplete();
        StepVerifier.create(userStates.apply(api.org(), "live", "u-f", eventId, List.of("set", "s:x", "v2", "max", "d:x", "6")))
                .as("still applied at most once").expectNext(false).verifyComplete();
        // An incr on a field that holds no integer fails before anything is written, too.
        String second = "evt_" + Ids.newUuid();
        StepVerifier.create(userStates.apply(api.org(), "live", "u-f", second, List.of("set", "i:y", "text"))).expectNext(true).verifyComplete();
        String third = "evt_" + Ids.newUuid();
        StepVerifier.create(userStates.apply(api.org(), "live", "u-f", third, List.of("set", "s:z", "v", "incr", "i:y", "1"))).expectError().verify();
        StepVerifier.create(userStates.load(api.org(), "live", "u-f"))
                .assertNext(state -> assertThat(state.fields()).containsOnlyKeys("s:x", "d:x", "i:y").containsEntry("s:x", "v1"))
                .verifyComplete();
        StepVerifier.create(userStates.apply(api.org(), "live", "u-f", third, List.of("set", "s:z", "v"))).expectNext(true).verifyComplete();
    }

    @Test
    void whenTheKillSwitchIsOnThenThatFeatureIsEmptyAndFlagged() {
        String tour = tour("");
        String banner = content("banner", "");
        JsonNode toursOff = api.eligible(user(PAGE, "u", Map.of()), Set.of("tours"));
        assertThat(toursOff.get("tours")).isEmpty();
        assertThat(toursOff.get("content").get(0).get("content_id").stringValue()).isEqualTo(banner);
        assertThat(toursOff.get("kill_switch").get("active").booleanValue()).isTrue();
        assertThat(toursOff.get("kill_switch").get("scopes").get(0).stringValue()).isEqualTo("tours");
        JsonNode bothOff = api.eligible(user(PAGE, "u", Map.of()), Set.of("tours", "content"));
        assertThat(bothOff.get("tours")).isEmpty();
        assertThat(bothOff.get("content")).isEmpty();
        assertThat(bothOff.get("kill_switch").get("scopes")).hasSize(2);
        assertThat(api.eligibleIds(user(PAGE, "u", Map.of()))).containsExactly(tour, banner);
        Map<String, Object> onlyContent = new HashMap<>(user(PAGE, "u", Map.of()));
        onlyContent.put("include", List.of("content"));
        assertThat(api.eligibleIds(onlyContent)).containsExactly(banner);
    }

    @Test
    void whenThemesApplyThenTheItemThemeOverTheDefaultOverIndigo() {
        String brand = api.ok("POST", "/v1/admin/themes", "{\"name\":\"Brand\",\"variables\":{\"--spot-primary\":\"#e11d48\"}}", 201)
                .get("theme_id").stringValue();
        String fallback = api.ok("POST", "/v1/admin/themes", "{\"name\":\"Default\",\"variables\":{\"--spot-bg\":\"#fafafa\"}}", 201)
                .get("theme_id").stringValue();
        String themed = tour("\"theme_id\":\"" + brand + "\",\"priority\":90");
        String plain = tour("\"priority\":10");
        String preset = content("banner", "\"theme_id\":\"dark\"");
        api.ok("POST", "/v1/admin/themes/" + fallback + "/set-default", null);
        JsonNode data = api.eligible(user(PAGE, "u", Map.of()), Set.of());
        JsonNode themedTheme = data.get("tours").get(0).get("theme");
        assertThat(data.get("tours").get(0).get("tour_id").stringValue()).isEqualTo(themed);
        assertThat(themedTheme.get("--spot-primary").stringValue()).isEqualTo("#e11d48");
        assertThat(themedTheme.get("--spot-bg").stringValue()).isEqualTo("#fafafa");
        assertThat(themedTheme.get("--spot-radius").stringValue()).isEqualTo("8px");
        JsonNode plainTheme = data.get("tours").get(1).get("theme");
        assertThat(data.get("tours").get(1).get("tour_id").stringValue()).isEqualTo(plain);
        assertThat(plainTheme.get("--spot-primary").stringValue()).isEqualTo("#4f46e5");
        assertThat(plainTheme.get("--spot-bg").stringValue()).isEqualTo("#fafafa");
        assertThat(data.get("content").get(0).get("content_id").stringValue()).isEqualTo(preset);
        assertThat(data.get("content").get(0).get("theme_dark").get("--spot-bg").stringValue()).isEqualTo("#0f172a");
        // A theme edit reaches the SDK at once.
        api.ok("PUT", "/v1/admin/themes/" + brand, "{\"variables\":{\"--spot-primary\":\"#111111\"}}");
        assertThat(api.eligible(user(PAGE, "u", Map.of()), Set.of()).get("tours").get(0).get("theme").get("--spot-primary").stringValue())
                .isEqualTo("#111111");
    }

    @Test
    void whenAnotherTenantOrEnvironmentAsksThenItSeesNothingOfThisOne() {
        tour("");
        content("banner", "");
        assertThat(api.eligibleIds(user(PAGE, "u", Map.of()))).hasSize(2);
        assertThat(api.as(UUID.randomUUID(), Environment.LIVE).eligibleIds(user(PAGE, "u", Map.of()))).isEmpty();
        assertThat(api.as(api.org(), Environment.TEST).eligibleIds(user(PAGE, "u", Map.of()))).isEmpty();
    }

    @Test
    void whenTheRequestIsBadThenClear4xx() {
        String sdk = api.sdkContext(Set.of());
        api.error(api.send("POST", "/v1/sdk/eligible", "{\"url\":\"" + PAGE + "\"}", sdk), 400, "VALIDATION_ERROR");
        api.error(api.send("POST", "/v1/sdk/eligible", "{\"anonymous_id\":\"a\"}", sdk), 400, "VALIDATION_ERROR");
        api.error(api.send("POST", "/v1/sdk/eligible", "{\"url\":\"" + PAGE + "\",\"anonymous_id\":\"a\",\"evil\":1}", sdk), 400,
                "VALIDATION_ERROR");
        api.error(api.send("POST", "/v1/sdk/eligible", "{\"url\":\"/relative\",\"anonymous_id\":\"a\"}", sdk), 422, "UNPROCESSABLE_ENTITY");
        api.error(api.send("POST", "/v1/sdk/eligible", "{\"url\":\"javascript:alert(1)\",\"anonymous_id\":\"a\"}", sdk), 422,
                "UNPROCESSABLE_ENTITY");
        api.error(api.send("POST", "/v1/sdk/eligible", "{\"url\":\"https://a.io/" + "x".repeat(2048) + "\",\"anonymous_id\":\"a\"}", sdk), 422,
                "UNPROCESSABLE_ENTITY");
        api.error(api.send("POST", "/v1/sdk/eligible", "{\"url\":\"" + PAGE + "\",\"user\":{\"id\":\"u\",\"traits\":{\"a\":{\"b\":1}}}}", sdk),
                422, "UNPROCESSABLE_ENTITY");
        api.error(api.send("POST", "/v1/sdk/eligible", "{\"url\":\"" + PAGE + "\",\"user\":{\"id\":\"" + "u".repeat(129) + "\"}}", sdk), 422,
                "UNPROCESSABLE_ENTITY");
        api.error(api.send("POST", "/v1/sdk/eligible", "{\"url\":\"" + PAGE + "\",\"anonymous_id\":\"a\",\"include\":[\"ads\"]}", sdk), 422,
                "UNPROCESSABLE_ENTITY");
        api.error(api.send("POST", "/v1/sdk/eligible", "{not json", sdk), 400, "VALIDATION_ERROR");
        // 1e400 parses to Infinity; with a numeric rule published it used to reach BigDecimal and fail as a 500.
        content("banner", "\"audience\":{\"attribute\":\"traits.age\",\"operator\":\"gt\",\"value\":18}");
        for (String age : List.of("1e400", "-1e400", "[1,1e400]")) {
            api.error(api.send("POST", "/v1/sdk/eligible", "{\"url\":\"" + PAGE + "\",\"user\":{\"id\":\"u\",\"traits\":{\"age\":" + age + "}}}",
                    sdk), 422, "UNPROCESSABLE_ENTITY");
        }
        for (ApiSurface surface : List.of(ApiSurface.SPOTLIGHT_ADMIN, ApiSurface.ADMIN, ApiSurface.CONSUMER)) {
            api.error(api.send("POST", "/v1/sdk/eligible", "{\"url\":\"" + PAGE + "\",\"anonymous_id\":\"a\"}", api.surfaceContext(surface)),
                    404, "NOT_FOUND");
        }
    }
}
