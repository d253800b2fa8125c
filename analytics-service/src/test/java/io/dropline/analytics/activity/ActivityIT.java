package io.dropline.analytics.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.analytics.SpotlightContexts;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.event.AdminActivity;
import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.event.bus.EventSubscription;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** The activity log: fed by admin.activity events (exactly one entry per event), read through the Admin API. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ActivityIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "analytics");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    List<EventSubscription> subscriptions;

    UUID org;
    InternalContext writer;
    Instant base;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        writer = SpotlightContexts.adminContext(org, Environment.LIVE);
        base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(1, ChronoUnit.HOURS);
    }

    EventSubscription subscription() {
        return subscriptions.stream().filter(s -> s.accepts(EventTypes.ADMIN_ACTIVITY)).findFirst().orElseThrow();
    }

    void deliver(EventEnvelope event) {
        StepVerifier.create(subscription().handler().apply(event)).verifyComplete();
    }

    EventEnvelope tourCreated(InternalContext context, String tourId, Instant at) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("tour_id", tourId);
        after.put("title", "Getting <b>Started</b> 🚀");
        after.put("steps", List.of(Map.of("step_id", "welcome", "order", 0)));
        return AdminActivity.event(context, "tour.create", "tour", tourId, null, after, at);
    }

    EventEnvelope tourUpdated(InternalContext context, String tourId, Instant at) {
        return AdminActivity.event(context, "TourUpdatedByAdmin", "tour", tourId, Map.of("title", "Old"),
                Map.of("title", "New"), at);
    }

    void assertEntries(UUID organization, long expected) {
        StepVerifier.create(db.sql("SELECT count(*) FROM admin_activity WHERE organization_id = :org")
                        .bind("org", organization).map(row -> row.get(0, Long.class)).one())
                .expectNext(expected).verifyComplete();
    }

    JsonNode get(String context, String uri, Object... vars) {
        return http.get().uri(uri, vars).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    void expectValidationError(String context, String uri, Object... vars) {
        http.get().uri(uri, vars).header(InternalContext.HEADER, context).header("X-Request-Id", "req-bad-page").exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error.code").isEqualTo("VALIDATION_ERROR")
                .jsonPath("$.error.message").isNotEmpty()
                .jsonPath("$.error.request_id").isEqualTo("req-bad-page")
                .jsonPath("$.data").doesNotExist();
    }

    @Test
    void whenTheSameEventIsDeliveredTwiceThenOneEntry() {
        EventEnvelope event = tourCreated(writer, "tour_0123456789ab", base);
        deliver(event);
        deliver(event);
        assertEntries(org, 1);

        JsonNode item = get(SpotlightContexts.admin(org), "/v1/admin/activity").get("data").get("items").get(0);
        assertThat(item.get("activity_id").stringValue())
                .isEqualTo(ActivityResponse.activityId(Ids.parse("evt", event.id()).orElseThrow()))
                .matches("act_[0-9a-f]{12}");
        assertThat(item.get("occurred_at").stringValue()).isEqualTo(base.toString());
        assertThat(item.get("actor").get("id").stringValue()).isEqualTo(SpotlightContexts.ADMIN_USER);
        assertThat(item.get("actor").get("type").stringValue()).isEqualTo("admin_user");
        assertThat(item.get("actor").get("key_id").stringValue()).isEqualTo(SpotlightContexts.ADMIN_KEY);
        assertThat(item.get("action").stringValue()).isEqualTo("tour.create");
        assertThat(item.get("entity_type").stringValue()).isEqualTo("tour");
        assertThat(item.get("entity_id").stringValue()).isEqualTo("tour_0123456789ab");
        assertThat(item.get("before").isNull()).isTrue();
        assertThat(item.get("after").get("title").stringValue()).isEqualTo("Getting <b>Started</b> 🚀");
        assertThat(item.get("after").get("steps").get(0).get("step_id").stringValue()).isEqualTo("welcome");
        assertThat(item.get("request_id").stringValue()).isEqualTo(writer.requestId());
    }

    @Test
    void whenTheSameEventIsDeliveredConcurrentlyThenOneEntry() {
        EventEnvelope event = tourUpdated(writer, "tour_0123456789ab", base);
        EventEnvelope other = tourUpdated(writer, "tour_0123456789ab", base.plusSeconds(1));
        StepVerifier.create(Flux.range(0, 16)
                        .flatMap(i -> subscription().handler().apply(i % 2 == 0 ? event : other)
                                .subscribeOn(Schedulers.boundedElastic()))
                        .then())
                .verifyComplete();
        assertEntries(org, 2);
    }

    @Test
    void whenAnEnvelopeIsMalformedThenItIsSkippedWithoutFailing() {
        EventEnvelope good = tourCreated(writer, "tour_0123456789ab", base);
        deliver(new EventEnvelope("evt_not-an-id", good.type(), good.organizationId(), good.environment(),
                good.aggregateType(), good.aggregateId(), good.occurredAt(), good.requestId(), good.actor(), good.data()));
        deliver(new EventEnvelope(good.id(), good.type(), "org_nope", good.environment(), good.aggregateType(),
                good.aggregateId(), good.occurredAt(), good.requestId(), good.actor(), good.data()));
        deliver(new EventEnvelope(good.id(), good.type(), good.organizationId(), good.environment(), good.aggregateType(),
                good.aggregateId(), good.occurredAt(), good.requestId(), good.actor(), Map.of("entity_type", "tour")));
        assertEntries(org, 0);
    }

    @Test
    void whenListedThenNewestFirstAndPaged() {
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.add(tourUpdated(writer, "tour_00000000000" + i, base.plusSeconds(i)));
        }
        events.forEach(this::deliver);
        String admin = SpotlightContexts.admin(org);

        JsonNode all = get(admin, "/v1/admin/activity").get("data");
        assertThat(all.get("total").longValue()).isEqualTo(7);
        assertThat(all.get("limit").intValue()).isEqualTo(50);
        assertThat(all.get("offset").longValue()).isZero();
        List<String> ids = new ArrayList<>();
        all.get("items").forEach(item -> ids.add(item.get("entity_id").stringValue()));
        assertThat(ids).containsExactly("tour_000000000006", "tour_000000000005", "tour_000000000004", "tour_000000000003",
                "tour_000000000002", "tour_000000000001", "tour_000000000000");

        JsonNode page = get(admin, "/v1/admin/activity?limit=3&offset=2").get("data");
        assertThat(page.get("total").longValue()).isEqualTo(7);
        assertThat(page.get("limit").intValue()).isEqualTo(3);
        assertThat(page.get("offset").longValue()).isEqualTo(2);
        assertThat(page.get("items")).hasSize(3);
        assertThat(page.get("items").get(0).get("entity_id").stringValue()).isEqualTo("tour_000000000004");
        assertThat(page.get("items").get(2).get("entity_id").stringValue()).isEqualTo("tour_000000000002");

        JsonNode past = get(admin, "/v1/admin/activity?offset=7").get("data");
        assertThat(past.get("items")).isEmpty();
        assertThat(past.get("total").longValue()).isEqualTo(7);
        assertThat(get(admin, "/v1/admin/activity?limit=100&offset=6").get("data").get("items")).hasSize(1);
    }

    @Test
    void whenMoreThanFiftyEntriesThenTheDefaultPageHoldsFifty() {
        for (int i = 0; i < 55; i++) {
            deliver(tourUpdated(writer, "tour_0123456789ab", base.plusMillis(i)));
        }
        JsonNode data = get(SpotlightContexts.admin(org), "/v1/admin/activity").get("data");
        assertThat(data.get("items")).hasSize(50);
        assertThat(data.get("total").longValue()).isEqualTo(55);
        assertThat(data.get("items").get(0).get("occurred_at").stringValue()).isEqualTo(base.plusMillis(54).toString());
    }

    @Test
    void whenAnEntityIsAskedForThenItsFullHistoryOnly() {
        deliver(tourCreated(writer, "tour_aaaaaaaaaaaa", base));
        deliver(tourUpdated(writer, "tour_aaaaaaaaaaaa", base.plusSeconds(10)));
        deliver(AdminActivity.event(writer, "TourPublishedByAdmin", "tour", "tour_aaaaaaaaaaaa", null,
                Map.of("status", "published", "version", 1), base.plusSeconds(20)));
        deliver(tourCreated(writer, "tour_bbbbbbbbbbbb", base.plusSeconds(5)));
        deliver(AdminActivity.event(writer, "AdminUserAddedByAdmin", "admin_user", "auth0|user_1", null,
                Map.of("user_id", "auth0|user_1"), base.plusSeconds(30)));
        String admin = SpotlightContexts.admin(org);

        JsonNode history = get(admin, "/v1/admin/activity/entity/tour/tour_aaaaaaaaaaaa").get("data");
        assertThat(history.get("total").longValue()).isEqualTo(3);
        List<String> actions = new ArrayList<>();
        history.get("items").forEach(item -> actions.add(item.get("action").stringValue()));
        assertThat(actions).containsExactly("TourPublishedByAdmin", "TourUpdatedByAdmin", "tour.create");
        assertThat(history.get("items").get(1).get("before").get("title").stringValue()).isEqualTo("Old");

        JsonNode paged = get(admin, "/v1/admin/activity/entity/tour/tour_aaaaaaaaaaaa?limit=1&offset=1").get("data");
        assertThat(paged.get("items")).hasSize(1);
        assertThat(paged.get("items").get(0).get("action").stringValue()).isEqualTo("TourUpdatedByAdmin");

        JsonNode user = get(admin, "/v1/admin/activity/entity/admin_user/{id}", "auth0|user_1").get("data");
        assertThat(user.get("total").longValue()).isEqualTo(1);
        assertThat(get(admin, "/v1/admin/activity/entity/content/cnt_aaaaaaaaaaaa").get("data").get("total").longValue()).isZero();
        // The same id under another entity type is another entity.
        assertThat(get(admin, "/v1/admin/activity/entity/theme/tour_aaaaaaaaaaaa").get("data").get("items")).isEmpty();
    }

    @Test
    void whenAnotherTenantOrEnvironmentAsksThenItSeesNothing() {
        deliver(tourCreated(writer, "tour_aaaaaaaaaaaa", base));
        InternalContext testWriter = SpotlightContexts.adminContext(org, Environment.TEST);
        deliver(tourCreated(testWriter, "tour_cccccccccccc", base));
        deliver(tourUpdated(testWriter, "tour_cccccccccccc", base.plusSeconds(1)));

        JsonNode live = get(SpotlightContexts.admin(org), "/v1/admin/activity").get("data");
        assertThat(live.get("total").longValue()).isEqualTo(1);
        assertThat(live.get("items").get(0).get("entity_id").stringValue()).isEqualTo("tour_aaaaaaaaaaaa");
        JsonNode test = get(SpotlightContexts.admin(org, Environment.TEST), "/v1/admin/activity").get("data");
        assertThat(test.get("total").longValue()).isEqualTo(2);
        assertThat(get(SpotlightContexts.admin(org, Environment.TEST), "/v1/admin/activity/entity/tour/tour_aaaaaaaaaaaa")
                .get("data").get("total").longValue()).isZero();

        String stranger = SpotlightContexts.admin(UUID.randomUUID());
        assertThat(get(stranger, "/v1/admin/activity").get("data").get("total").longValue()).isZero();
        assertThat(get(stranger, "/v1/admin/activity/entity/tour/tour_aaaaaaaaaaaa").get("data").get("items")).isEmpty();
    }

    @Test
    void whenCalledOnAnotherSurfaceThenForbiddenAndWithoutContextUnauthorized() {
        deliver(tourCreated(writer, "tour_aaaaaaaaaaaa", base));
        for (String context : List.of(SpotlightContexts.sdk(org), SpotlightContexts.fanfareAdmin(org))) {
            for (String uri : List.of("/v1/admin/activity", "/v1/admin/activity/entity/tour/tour_aaaaaaaaaaaa")) {
                http.get().uri(uri).header(InternalContext.HEADER, context).exchange()
                        .expectStatus().isForbidden().expectBody()
                        .jsonPath("$.error.code").isEqualTo("FORBIDDEN")
                        .jsonPath("$.data").doesNotExist();
            }
        }
        http.get().uri("/v1/admin/activity").exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHORIZED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=-1", "limit=101", "limit=1000000000", "limit=abc", "limit=", "limit=1.5",
            "offset=-1", "offset=x", "offset=99999999999999999999", "cursor=abc", "limit=5&limit=6", "page=2"})
    void whenPagingIsInvalidThenValidationError(String query) {
        String admin = SpotlightContexts.admin(org);
        expectValidationError(admin, "/v1/admin/activity?" + query);
        expectValidationError(admin, "/v1/admin/activity/entity/tour/tour_aaaaaaaaaaaa?" + query);
    }

    @Test
    void whenTheEntityTypeIsUnknownThenValidationError() {
        String admin = SpotlightContexts.admin(org);
        for (String type : List.of("tours", "TOUR", "experience", "x' OR '1'='1")) {
            expectValidationError(admin, "/v1/admin/activity/entity/{type}/tour_aaaaaaaaaaaa", type);
        }
        http.get().uri("/v1/admin/activity/entity/tour").header(InternalContext.HEADER, admin).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error.code").isEqualTo("NOT_FOUND");
    }
}
