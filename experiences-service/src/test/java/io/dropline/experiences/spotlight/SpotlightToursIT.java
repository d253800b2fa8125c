package io.dropline.experiences.spotlight;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import java.util.ArrayList;
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
import tools.jackson.databind.JsonNode;

@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SpotlightToursIT {

    static final String TOUR = """
            {"title":"Getting Started","description":"Onboarding tour for new users",
             "url_patterns":[{"pattern":"/dashboard*","is_regex":false}],
             "steps":[{"step_id":"welcome","order":0,"title":"Welcome","body":"Welcome to the dashboard.",
                       "element_target":{"data_attribute":"main-header"},"position":"bottom"}],
             "trigger":{"trigger_type":"page_load","delay_ms":1000},
             "audience_id":null,"rollout":{"enabled":true,"percentage":100},"schedule":{"start_at":null,"end_at":null}}""";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    SpotlightCalls api;

    @BeforeEach
    void newTenant() {
        api = new SpotlightCalls(http, db, UUID.randomUUID(), Environment.LIVE);
    }

    private String create() {
        return api.ok("POST", "/v1/admin/tours", TOUR, 201).get("tour_id").stringValue();
    }

    @Test
    void whenCreatedThenTheFullTourWithADraftStatusAndAnAuditEntry() {
        JsonNode tour = api.send("POST", "/v1/admin/tours", TOUR, api.adminContext("req-create-1")).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("data");
        String id = tour.get("tour_id").stringValue();
        assertThat(id).matches("tour_[0-9a-f]{12}");
        assertThat(tour.get("status").stringValue()).isEqualTo("draft");
        assertThat(tour.get("version").intValue()).isZero();
        assertThat(tour.get("step_count").intValue()).isEqualTo(1);
        assertThat(tour.get("steps").get(0).get("element_target").get("data_attribute").stringValue()).isEqualTo("main-header");
        assertThat(tour.get("trigger").get("trigger_type").stringValue()).isEqualTo("page_load");
        assertThat(tour.get("trigger").get("delay_ms").intValue()).isEqualTo(1000);
        assertThat(tour.get("dismiss_behavior").stringValue()).isEqualTo("once");
        assertThat(tour.get("audience_id").isNull()).isTrue();
        assertThat(tour.get("created_at").stringValue()).endsWith("Z");
        assertThat(api.ok("GET", "/v1/admin/tours/" + id, null)).isEqualTo(tour);

        List<Map<String, Object>> audit = api.audit(id);
        assertThat(audit).hasSize(1);
        JsonNode payload = (JsonNode) audit.get(0).get("payload");
        assertThat(payload.get("action").stringValue()).isEqualTo("tour.create");
        assertThat(payload.get("entity_type").stringValue()).isEqualTo("tour");
        assertThat(payload.get("before").isNull()).isTrue();
        assertThat(payload.get("after").get("tour_id").stringValue()).isEqualTo(id);
        assertThat(audit.get(0).get("request_id")).isEqualTo("req-create-1");
        assertThat(audit.get(0).get("actor")).isEqualTo("auth0|admin-1");
        assertThat(audit.get(0).get("type")).isEqualTo("admin.activity");
    }

    @Test
    void whenUsingAliasesThenTheCanonicalNamesAreStored() {
        JsonNode tour = api.ok("POST", "/v1/admin/tours", """
                {"title":"Alias","steps":[{"step_id":"a","order":1,"title":"A","body":"a","element_target":{"selector":"#a"}},
                  {"step_id":"b","order":0,"title":"B","body":"b","element_target":{"element_id":"b"}}],
                 "trigger":{"type":"scroll_depth","percent":50},"priority":7,"dismiss_behavior":"session"}""", 201);
        assertThat(tour.get("steps").get(0).get("step_id").stringValue()).isEqualTo("b");
        assertThat(tour.get("steps").get(1).get("element_target").get("css_selector").stringValue()).isEqualTo("#a");
        assertThat(tour.get("steps").get(1).get("element_target").has("selector")).isFalse();
        assertThat(tour.get("trigger").get("trigger_type").stringValue()).isEqualTo("scroll_depth");
        assertThat(tour.get("trigger").get("percent").intValue()).isEqualTo(50);
        assertThat(tour.get("priority").intValue()).isEqualTo(7);
    }

    @Test
    void whenFrequencyCapsAreGivenThenStoredPartiallyUpdatedPublishedAndShownToAdminsOnly() {
        String id = create();
        JsonNode none = api.ok("GET", "/v1/admin/tours/" + id, null).get("frequency");
        assertThat(none.get("max_impressions").isNull()).as("no cap by default").isTrue();
        assertThat(none.get("min_interval_seconds").isNull()).isTrue();

        JsonNode capped = api.ok("PUT", "/v1/admin/tours/" + id, "{\"frequency\":{\"max_impressions\":1000,\"min_interval_seconds\":0}}");
        assertThat(capped.get("frequency").get("max_impressions").intValue()).isEqualTo(1000);
        assertThat(capped.get("frequency").get("min_interval_seconds").intValue()).isZero();
        assertThat(capped.get("title").stringValue()).as("other fields untouched").isEqualTo("Getting Started");
        // The object is replaced as a whole, like rollout: a key left out means no cap.
        JsonNode interval = api.ok("PUT", "/v1/admin/tours/" + id, "{\"frequency\":{\"min_interval_seconds\":31536000}}").get("frequency");
        assertThat(interval.get("max_impressions").isNull()).isTrue();
        assertThat(interval.get("min_interval_seconds").intValue()).isEqualTo(31_536_000);
        JsonNode untouched = api.ok("PUT", "/v1/admin/tours/" + id, "{\"priority\":60}").get("frequency");
        assertThat(untouched).isEqualTo(interval);

        api.ok("PUT", "/v1/admin/tours/" + id, "{\"frequency\":{\"max_impressions\":1,\"min_interval_seconds\":null}}");
        api.ok("POST", "/v1/admin/tours/" + id + "/publish", null);
        JsonNode snapshot = api.ok("GET", "/v1/admin/tours/" + id + "/versions", null).get("items").get(0).get("definition").get("frequency");
        assertThat(snapshot.get("max_impressions").intValue()).isEqualTo(1);
        assertThat(snapshot.get("min_interval_seconds").isNull()).isTrue();
        JsonNode cleared = api.ok("PUT", "/v1/admin/tours/" + id, "{\"frequency\":null}");
        assertThat(cleared.get("frequency").get("max_impressions").isNull()).isTrue();
        assertThat(cleared.get("has_unpublished_changes").booleanValue()).isTrue();

        JsonNode created = api.ok("POST", "/v1/admin/tours", "{\"title\":\"Capped\",\"frequency\":{\"max_impressions\":3}}", 201);
        assertThat(created.get("frequency").get("max_impressions").intValue()).isEqualTo(3);
        assertThat(created.get("frequency").get("min_interval_seconds").isNull()).isTrue();
        api.error(api.admin("POST", "/v1/admin/tours", "{\"title\":\"Bad\",\"frequency\":{\"max_impressions\":0}}"), 422,
                "UNPROCESSABLE_ENTITY");
        api.error(api.admin("POST", "/v1/admin/tours", "{\"title\":\"Bad\",\"frequency\":{\"max_impressions\":\"1\"}}"), 400,
                "VALIDATION_ERROR");
    }

    @Test
    void whenListedThenPagedWithTotals() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create());
        }
        JsonNode page = api.ok("GET", "/v1/admin/tours?limit=2&offset=0", null);
        assertThat(page.get("total").intValue()).isEqualTo(3);
        assertThat(page.get("limit").intValue()).isEqualTo(2);
        assertThat(page.get("offset").intValue()).isZero();
        assertThat(page.get("items")).hasSize(2);
        JsonNode item = page.get("items").get(0);
        assertThat(item.propertyNames()).containsExactlyInAnyOrder("tour_id", "title", "status", "version", "step_count", "created_at", "updated_at");
        assertThat(item.get("tour_id").stringValue()).isEqualTo(ids.get(2));
        assertThat(api.ok("GET", "/v1/admin/tours?offset=2", null).get("items")).hasSize(1);
        assertThat(api.ok("GET", "/v1/admin/tours", null).get("limit").intValue()).isEqualTo(20);
        for (String bad : List.of("limit=0", "limit=101", "limit=-1", "limit=abc", "offset=-1", "limit=1000000000")) {
            api.error(api.admin("GET", "/v1/admin/tours?" + bad, null), 400, "VALIDATION_ERROR");
        }
    }

    @Test
    void whenUpdatedPartiallyThenOnlyGivenFieldsChangeAndTheAuditHasBeforeAndAfter() {
        String id = create();
        JsonNode updated = api.ok("PUT", "/v1/admin/tours/" + id, "{\"title\":\"Renamed\",\"priority\":90}");
        assertThat(updated.get("title").stringValue()).isEqualTo("Renamed");
        assertThat(updated.get("priority").intValue()).isEqualTo(90);
        assertThat(updated.get("description").stringValue()).isEqualTo("Onboarding tour for new users");
        assertThat(updated.get("step_count").intValue()).isEqualTo(1);
        JsonNode payload = (JsonNode) api.audit(id).get(1).get("payload");
        assertThat(payload.get("action").stringValue()).isEqualTo("TourUpdatedByAdmin");
        assertThat(payload.get("before").get("title").stringValue()).isEqualTo("Getting Started");
        assertThat(payload.get("after").get("title").stringValue()).isEqualTo("Renamed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"title\":\"x\",\"colour\":\"red\"}",
            "{\"title\":null}",
            "{\"title\":5}",
            "{\"steps\":{}}",
            "{\"steps\":[{\"step_id\":\"a\",\"title\":\"A\",\"body\":\"a\",\"element_target\":{\"element_id\":\"x\"}}]}",
            "{\"steps\":[{\"step_id\":\"a\",\"order\":0,\"title\":\"A\",\"body\":\"a\",\"element_target\":{\"element_id\":\"x\"},\"extra\":1}]}",
            "{\"trigger\":{\"delay_ms\":5}}",
            "{\"rollout\":{\"enabled\":\"yes\"}}",
            "{\"frequency\":5}",
            "{\"frequency\":[3]}",
            "{\"frequency\":{\"max_impressions\":\"3\"}}",
            "{\"frequency\":{\"max_impressions\":2.5}}",
            "{\"frequency\":{\"min_interval_seconds\":true}}",
            "{\"url_patterns\":[{\"pattern\":\"/a\",\"regex\":true}]}",
            "{\"title\":\"x\"",
            "[1,2]"})
    void whenTheBodyIsNotTheDocumentedShapeThen400AndNothingChanges(String body) {
        String id = create();
        JsonNode before = api.ok("GET", "/v1/admin/tours/" + id, null);
        api.error(api.admin("PUT", "/v1/admin/tours/" + id, body), 400, "VALIDATION_ERROR");
        assertThat(api.ok("GET", "/v1/admin/tours/" + id, null)).isEqualTo(before);
        assertThat(api.auditActions(id)).containsExactly("tour.create");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"title\":\"   \"}",
            "{\"trigger\":{\"trigger_type\":\"on_hover\"}}",
            "{\"trigger\":{\"trigger_type\":\"page_load\",\"percent\":5}}",
            "{\"trigger\":{\"trigger_type\":\"idle\"}}",
            "{\"trigger\":{\"trigger_type\":\"event\",\"event_name\":\"bad name!\"}}",
            "{\"trigger\":{\"trigger_type\":\"delay\",\"delay_ms\":-1}}",
            "{\"steps\":[{\"step_id\":\"a\",\"order\":0,\"title\":\"A\",\"body\":\"a\",\"element_target\":{}}]}",
            "{\"steps\":[{\"step_id\":\"a\",\"order\":0,\"title\":\"A\",\"body\":\"a\"}]}",
            "{\"steps\":[{\"step_id\":\"a\",\"order\":0,\"title\":\"A\",\"body\":\"a\",\"element_target\":{\"element_id\":\"x\"}},{\"step_id\":\"a\",\"order\":1,\"title\":\"B\",\"body\":\"b\",\"element_target\":{\"element_id\":\"y\"}}]}",
            "{\"steps\":[{\"step_id\":\"a\",\"order\":-1,\"title\":\"A\",\"body\":\"a\",\"element_target\":{\"element_id\":\"x\"}}]}",
            "{\"steps\":[{\"step_id\":\"a\",\"order\":0,\"title\":\"A\",\"body\":\"a\",\"element_target\":{\"element_id\":\"x\"},\"position\":\"sideways\"}]}",
            "{\"url_patterns\":[{\"pattern\":\"(a+)+$\",\"is_regex\":true}]}",
            "{\"url_patterns\":[{\"pattern\":\"([a-z]*)*\",\"is_regex\":true}]}",
            "{\"url_patterns\":[{\"pattern\":\"(\\\\w)\\\\1\",\"is_regex\":true}]}",
            "{\"url_patterns\":[{\"pattern\":\"[unclosed\",\"is_regex\":true}]}",
            "{\"rollout\":{\"enabled\":true,\"percentage\":101}}",
            "{\"rollout\":{\"enabled\":true,\"percentage\":-1}}",
            "{\"rollout\":{\"enabled\":true,\"percentage\":33.333}}",
            "{\"schedule\":{\"start_at\":\"2030-01-02T00:00:00Z\",\"end_at\":\"2030-01-01T00:00:00Z\"}}",
            "{\"schedule\":{\"start_at\":\"tomorrow\"}}",
            "{\"audience\":{\"op\":\"nand\",\"conditions\":[]}}",
            "{\"audience\":{\"op\":\"and\",\"conditions\":[{\"op\":\"and\",\"conditions\":[{\"op\":\"and\",\"conditions\":[{\"op\":\"and\",\"conditions\":[{\"attribute\":\"traits.a\",\"operator\":\"exists\"}]}]}]}]}}",
            "{\"audience\":{\"attribute\":\"traits.a\",\"operator\":\"approximately\",\"value\":1}}",
            "{\"audience_id\":\"everyone\"}",
            "{\"dismiss_behavior\":\"forever\"}",
            "{\"priority\":100000}",
            "{\"frequency\":{\"max_impressions\":0}}",
            "{\"frequency\":{\"max_impressions\":1001}}",
            "{\"frequency\":{\"max_impressions\":99999999999}}",
            "{\"frequency\":{\"min_interval_seconds\":-1}}",
            "{\"frequency\":{\"min_interval_seconds\":31536001}}",
            "{\"frequency\":{\"max_views\":3}}",
            "{\"frequency\":{\"max_impressions\":3,\"per\":\"day\"}}",
            "{\"theme_id\":\"thm_000000000000\"}",
            "{\"audience\":{\"attribute\":\"traits.a\",\"operator\":\"eq\",\"value\":\"a\\u0000\"}}",
            "{\"audience\":{\"attribute\":\"traits.a\",\"operator\":\"gt\",\"value\":1e400}}",
            "{\"url_patterns\":[{\"pattern\":\"(\\\\Q)\\\\E?a+)+\",\"is_regex\":true}]}"})
    void whenTheDataBreaksARuleThen422AndNothingChanges(String body) {
        String id = create();
        JsonNode before = api.ok("GET", "/v1/admin/tours/" + id, null);
        api.error(api.admin("PUT", "/v1/admin/tours/" + id, body), 422, "UNPROCESSABLE_ENTITY");
        assertThat(api.ok("GET", "/v1/admin/tours/" + id, null)).isEqualTo(before);
        assertThat(api.auditActions(id)).containsExactly("tour.create");
    }

    @Test
    void whenCreatedWithBadInputThenNothingIsStored() {
        api.error(api.admin("POST", "/v1/admin/tours", "{\"description\":\"no title\"}"), 400, "VALIDATION_ERROR");
        api.error(api.admin("POST", "/v1/admin/tours", "{\"title\":\"t\",\"trigger\":{\"type\":\"nope\"}}"), 422, "UNPROCESSABLE_ENTITY");
        api.error(api.send("POST", "/v1/admin/tours", null, api.adminContext("r")), 400, "VALIDATION_ERROR");
        assertThat(api.count("SELECT count(*) FROM tours WHERE organization_id = '" + api.org() + "'")).isZero();
        assertThat(api.count("SELECT count(*) FROM outbox WHERE organization_id = '" + api.org() + "'")).isZero();
    }

    @Test
    void whenPublishingThenNumberedImmutableVersionsAndRollbackPublishesAnOldDefinitionAsNew() {
        String empty = api.ok("POST", "/v1/admin/tours", "{\"title\":\"No steps\"}", 201).get("tour_id").stringValue();
        api.error(api.admin("POST", "/v1/admin/tours/" + empty + "/publish", null), 422, "UNPROCESSABLE_ENTITY");

        String id = create();
        JsonNode first = api.ok("POST", "/v1/admin/tours/" + id + "/publish", null);
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("tour_id", "status", "version", "published_at");
        assertThat(first.get("status").stringValue()).isEqualTo("published");
        assertThat(first.get("version").intValue()).isEqualTo(1);
        api.error(api.admin("POST", "/v1/admin/tours/" + id + "/publish", null), 409, "CONFLICT");

        api.ok("PUT", "/v1/admin/tours/" + id, "{\"title\":\"Second\"}");
        JsonNode edited = api.ok("GET", "/v1/admin/tours/" + id, null);
        assertThat(edited.get("has_unpublished_changes").booleanValue()).isTrue();
        assertThat(edited.get("status").stringValue()).isEqualTo("published");
        assertThat(api.ok("POST", "/v1/admin/tours/" + id + "/publish", null).get("version").intValue()).isEqualTo(2);

        JsonNode versions = api.ok("GET", "/v1/admin/tours/" + id + "/versions", null);
        assertThat(versions.get("total").intValue()).isEqualTo(2);
        assertThat(versions.get("items").get(0).get("version").intValue()).isEqualTo(2);
        assertThat(versions.get("items").get(0).get("definition").get("title").stringValue()).isEqualTo("Second");
        assertThat(versions.get("items").get(1).get("definition").get("title").stringValue()).isEqualTo("Getting Started");

        JsonNode rolledBack = api.ok("POST", "/v1/admin/tours/" + id + "/rollback", "{\"version\":1}");
        assertThat(rolledBack.get("version").intValue()).isEqualTo(3);
        assertThat(rolledBack.get("status").stringValue()).isEqualTo("published");
        JsonNode restored = api.ok("GET", "/v1/admin/tours/" + id, null);
        assertThat(restored.get("title").stringValue()).isEqualTo("Getting Started");
        assertThat(restored.get("has_unpublished_changes").booleanValue()).isFalse();
        JsonNode history = api.ok("GET", "/v1/admin/tours/" + id + "/versions", null).get("items");
        List<String> sources = new ArrayList<>();
        history.forEach(version -> sources.add(version.get("source").stringValue()));
        assertThat(sources).containsExactly("rollback", "publish", "publish");
        assertThat(history.get(0).get("rolled_back_from").intValue()).isEqualTo(1);
        assertThat(history.get(0).get("published_by").stringValue()).isEqualTo("auth0|admin-1");
        // Snapshots are immutable: version 2 still says what it said.
        assertThat(history.get(1).get("definition").get("title").stringValue()).isEqualTo("Second");

        api.error(api.admin("POST", "/v1/admin/tours/" + id + "/rollback", "{\"version\":9}"), 404, "NOT_FOUND");
        api.error(api.admin("POST", "/v1/admin/tours/" + id + "/rollback", "{}"), 400, "VALIDATION_ERROR");
        api.error(api.admin("POST", "/v1/admin/tours/" + id + "/rollback", "{\"version\":\"1\"}"), 400, "VALIDATION_ERROR");
        api.error(api.admin("POST", "/v1/admin/tours/" + id + "/rollback", "{\"version\":0}"), 422, "UNPROCESSABLE_ENTITY");
        assertThat(api.ok("GET", "/v1/admin/tours/" + id + "/versions", null).get("total").intValue()).isEqualTo(3);

        assertThat(api.auditActions(id)).containsExactly("tour.create", "TourPublishedByAdmin", "TourUpdatedByAdmin",
                "TourPublishedByAdmin", "TourVersionRolledBackByAdmin");
        JsonNode rollbackAudit = (JsonNode) api.audit(id).get(4).get("payload");
        assertThat(rollbackAudit.get("before").get("version").intValue()).isEqualTo(2);
        assertThat(rollbackAudit.get("after").get("version").intValue()).isEqualTo(3);
    }

    @Test
    void whenArchivedThenNoEditsPublishesOrRollbacksButCopiesWork() {
        String id = create();
        api.ok("POST", "/v1/admin/tours/" + id + "/publish", null);
        JsonNode archived = api.ok("POST", "/v1/admin/tours/" + id + "/archive", null);
        assertThat(archived.get("status").stringValue()).isEqualTo("archived");
        assertThat(archived.get("archived_at").isString()).isTrue();
        api.error(api.admin("PUT", "/v1/admin/tours/" + id, "{\"title\":\"x\"}"), 409, "CONFLICT");
        api.error(api.admin("POST", "/v1/admin/tours/" + id + "/publish", null), 409, "CONFLICT");
        api.error(api.admin("POST", "/v1/admin/tours/" + id + "/rollback", "{\"version\":1}"), 409, "CONFLICT");
        api.error(api.admin("POST", "/v1/admin/tours/" + id + "/archive", null), 409, "CONFLICT");

        JsonNode copy = api.ok("POST", "/v1/admin/tours/" + id + "/copy", null, 201);
        String copyId = copy.get("tour_id").stringValue();
        assertThat(copyId).matches("tour_[0-9a-f]{12}").isNotEqualTo(id);
        assertThat(copy.get("status").stringValue()).isEqualTo("draft");
        assertThat(copy.get("version").intValue()).isZero();
        assertThat(copy.get("steps")).isEqualTo(archived.get("steps"));
        assertThat(copy.get("title").stringValue()).isEqualTo("Getting Started");
        assertThat(api.ok("GET", "/v1/admin/tours/" + copyId + "/versions", null).get("total").intValue()).isZero();
        assertThat(api.ok("POST", "/v1/admin/tours/" + id + "/copy", "{\"title\":\"Renamed copy\"}", 201).get("title").stringValue())
                .isEqualTo("Renamed copy");
        api.ok("PUT", "/v1/admin/tours/" + copyId, "{\"title\":\"Editable\"}");

        assertThat(api.auditActions(id)).containsExactly("tour.create", "TourPublishedByAdmin", "TourArchivedByAdmin");
        assertThat(api.auditActions(copyId)).containsExactly("TourCopiedByAdmin", "TourUpdatedByAdmin");
    }

    @Test
    void whenAnotherTenantEnvironmentOrSurfaceAsksThen404AndNothingChanges() {
        String id = create();
        SpotlightCalls other = api.as(UUID.randomUUID(), Environment.LIVE);
        SpotlightCalls testEnv = api.as(api.org(), Environment.TEST);
        for (SpotlightCalls stranger : List.of(other, testEnv)) {
            stranger.error(stranger.admin("GET", "/v1/admin/tours/" + id, null), 404, "NOT_FOUND");
            stranger.error(stranger.admin("PUT", "/v1/admin/tours/" + id, "{\"title\":\"x\"}"), 404, "NOT_FOUND");
            for (String action : List.of("publish", "archive", "copy")) {
                stranger.error(stranger.admin("POST", "/v1/admin/tours/" + id + "/" + action, null), 404, "NOT_FOUND");
            }
            stranger.error(stranger.admin("GET", "/v1/admin/tours/" + id + "/versions", null), 404, "NOT_FOUND");
            stranger.error(stranger.admin("POST", "/v1/admin/tours/" + id + "/rollback", "{\"version\":1}"), 404, "NOT_FOUND");
            assertThat(stranger.ok("GET", "/v1/admin/tours", null).get("total").intValue()).isZero();
        }
        for (String malformed : List.of("tour_XYZ", "cnt_0123456789ab", "tour_0123456789abc", "1")) {
            api.error(api.admin("GET", "/v1/admin/tours/" + malformed, null), 404, "NOT_FOUND");
        }
        for (ApiSurface surface : List.of(ApiSurface.ADMIN, ApiSurface.SDK, ApiSurface.CONSUMER, ApiSurface.INTERNAL)) {
            api.error(api.send("GET", "/v1/admin/tours/" + id, null, api.surfaceContext(surface)), 404, "NOT_FOUND");
            api.error(api.send("POST", "/v1/admin/tours", TOUR, api.surfaceContext(surface)), 404, "NOT_FOUND");
        }
        assertThat(api.ok("GET", "/v1/admin/tours/" + id, null).get("title").stringValue()).isEqualTo("Getting Started");
        assertThat(api.auditActions(id)).containsExactly("tour.create");
        assertThat(api.count("SELECT count(*) FROM tours WHERE organization_id = '" + api.org() + "'")).isEqualTo(1);
    }
}
