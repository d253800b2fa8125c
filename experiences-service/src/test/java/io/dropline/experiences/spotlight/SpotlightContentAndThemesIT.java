package io.dropline.experiences.spotlight;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import java.util.List;
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
class SpotlightContentAndThemesIT {

    static final String CONTENT = """
            {"content_type":"tooltip","title":"New Feature Alert","body":"Check out our new reporting tools.",
             "url_patterns":[{"pattern":"/reports*","is_regex":false}],"element_target":{"element_id":"reports-tab"},
             "priority":100,"dismiss_behavior":"once","cta_text":"Learn More","cta_url":"/docs/reports",
             "trigger":{"trigger_type":"page_load","delay_ms":500},"rollout":{"enabled":true,"percentage":100},
             "schedule":{"start_at":null,"end_at":null}}""";

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

    @Test
    void whenContentGoesThroughItsLifecycleThenEachStepIsAuditedAndArchivedIsFinal() {
        JsonNode created = api.ok("POST", "/v1/admin/content", CONTENT, 201);
        String id = created.get("content_id").stringValue();
        assertThat(id).matches("cnt_[0-9a-f]{12}");
        assertThat(created.get("status").stringValue()).isEqualTo("draft");
        assertThat(created.get("cta_url").stringValue()).isEqualTo("/docs/reports");
        assertThat(created.get("element_target").get("element_id").stringValue()).isEqualTo("reports-tab");
        assertThat(api.ok("GET", "/v1/admin/content/" + id, null)).isEqualTo(created);

        JsonNode updated = api.ok("PUT", "/v1/admin/content/" + id, "{\"cta_url\":\"https://docs.example.com/reports\",\"content_type\":\"tooltip\"}");
        assertThat(updated.get("cta_url").stringValue()).isEqualTo("https://docs.example.com/reports");
        assertThat(updated.get("title").stringValue()).isEqualTo("New Feature Alert");
        api.error(api.admin("PUT", "/v1/admin/content/" + id, "{\"content_type\":\"banner\"}"), 422, "UNPROCESSABLE_ENTITY");

        assertThat(api.ok("POST", "/v1/admin/content/" + id + "/publish", null).get("status").stringValue()).isEqualTo("published");
        api.error(api.admin("POST", "/v1/admin/content/" + id + "/publish", null), 409, "CONFLICT");
        assertThat(api.ok("POST", "/v1/admin/content/" + id + "/archive", null).get("status").stringValue()).isEqualTo("archived");
        api.error(api.admin("PUT", "/v1/admin/content/" + id, "{\"title\":\"x\"}"), 409, "CONFLICT");
        api.error(api.admin("POST", "/v1/admin/content/" + id + "/publish", null), 409, "CONFLICT");
        api.error(api.admin("POST", "/v1/admin/content/" + id + "/archive", null), 409, "CONFLICT");

        assertThat(api.auditActions(id)).containsExactly("ContentCreatedByAdmin", "ContentUpdatedByAdmin", "ContentPublishedByAdmin",
                "ContentArchivedByAdmin");
        JsonNode update = (JsonNode) api.audit(id).get(1).get("payload");
        assertThat(update.get("entity_type").stringValue()).isEqualTo("content");
        assertThat(update.get("before").get("cta_url").stringValue()).isEqualTo("/docs/reports");
        assertThat(update.get("after").get("cta_url").stringValue()).isEqualTo("https://docs.example.com/reports");

        JsonNode list = api.ok("GET", "/v1/admin/content?limit=1", null);
        assertThat(list.get("total").intValue()).isEqualTo(1);
        assertThat(list.get("items").get(0).get("content_id").stringValue()).isEqualTo(id);
        api.error(api.admin("GET", "/v1/admin/content?limit=0", null), 400, "VALIDATION_ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "http://example.com",
            "//evil.example/x", "https://user:pw@evil.example", "/docs\\reports", "/a b", "vbscript:msgbox", "ftp://x.example/a", " /docs"})
    void whenTheCtaUrlIsNotARelativePathOrHttpsThen422(String url) {
        api.error(api.admin("POST", "/v1/admin/content", CONTENT.replace("\"/docs/reports\"", tools.jackson.databind.json.JsonMapper.shared()
                .writeValueAsString(url))), 422, "UNPROCESSABLE_ENTITY");
        assertThat(api.count("SELECT count(*) FROM content_items WHERE organization_id = '" + api.org() + "'")).isZero();
    }

    @Test
    void whenContentInputIsInvalidThenClear4xxAndNothingStored() {
        api.error(api.admin("POST", "/v1/admin/content", "{\"title\":\"x\"}"), 400, "VALIDATION_ERROR");
        api.error(api.admin("POST", "/v1/admin/content", "{\"content_type\":\"popup\",\"title\":\"x\"}"), 422, "UNPROCESSABLE_ENTITY");
        api.error(api.admin("POST", "/v1/admin/content", "{\"content_type\":\"hotspot\",\"title\":\"x\"}"), 422, "UNPROCESSABLE_ENTITY");
        api.error(api.admin("POST", "/v1/admin/content", "{\"content_type\":\"banner\",\"title\":\"x\",\"bogus\":1}"), 400, "VALIDATION_ERROR");
        api.error(api.admin("POST", "/v1/admin/content", "{\"content_type\":\"banner\",\"title\":\"x\",\"dismiss_behavior\":\"never\"}"), 422,
                "UNPROCESSABLE_ENTITY");
        api.error(api.admin("POST", "/v1/admin/content", "{\"content_type\":\"banner\",\"title\":\"x\",\"url_patterns\":[{\"pattern\":\"(.*)*\",\"is_regex\":true}]}"),
                422, "UNPROCESSABLE_ENTITY");
        // PostgreSQL refuses U+0000 in jsonb, and Infinity is not JSON: both are 422 up front, not a 500 at the insert.
        for (String body : List.of("{\"items\":[\"a\\u0000\"]}", "{\"k\\u0000\":1}", "{\"n\":1e400}")) {
            api.error(api.admin("POST", "/v1/admin/content", "{\"content_type\":\"checklist\",\"title\":\"x\",\"body\":" + body + "}"), 422,
                    "UNPROCESSABLE_ENTITY");
        }
        assertThat(api.count("SELECT count(*) FROM content_items WHERE organization_id = '" + api.org() + "'")).isZero();
        assertThat(api.count("SELECT count(*) FROM outbox WHERE organization_id = '" + api.org() + "'")).isZero();
        // Stored verbatim, never interpreted.
        JsonNode banner = api.ok("POST", "/v1/admin/content", "{\"content_type\":\"banner\",\"title\":\"'; DROP TABLE content_items; --\","
                + "\"body\":\"<script>alert(1)</script> \u202eevil \uD83D\uDE00\"}", 201);
        assertThat(banner.get("title").stringValue()).isEqualTo("'; DROP TABLE content_items; --");
        String id = banner.get("content_id").stringValue();
        for (SpotlightCalls stranger : List.of(api.as(UUID.randomUUID(), Environment.LIVE), api.as(api.org(), Environment.TEST))) {
            stranger.error(stranger.admin("GET", "/v1/admin/content/" + id, null), 404, "NOT_FOUND");
            stranger.error(stranger.admin("PUT", "/v1/admin/content/" + id, "{\"title\":\"x\"}"), 404, "NOT_FOUND");
            stranger.error(stranger.admin("POST", "/v1/admin/content/" + id + "/publish", null), 404, "NOT_FOUND");
            stranger.error(stranger.admin("POST", "/v1/admin/content/" + id + "/archive", null), 404, "NOT_FOUND");
        }
        api.error(api.admin("GET", "/v1/admin/content/cnt_ZZZ", null), 404, "NOT_FOUND");
        assertThat(api.ok("GET", "/v1/admin/content/" + id, null).get("status").stringValue()).isEqualTo("draft");
    }

    @Test
    void whenContentHasFrequencyCapsThenValidatedLikeTheOtherDeliveryFields() {
        JsonNode created = api.ok("POST", "/v1/admin/content", CONTENT.replace("\"priority\":100,",
                "\"priority\":100,\"frequency\":{\"max_impressions\":3,\"min_interval_seconds\":86400},"), 201);
        String id = created.get("content_id").stringValue();
        assertThat(created.get("frequency").get("max_impressions").intValue()).isEqualTo(3);
        assertThat(created.get("frequency").get("min_interval_seconds").intValue()).isEqualTo(86_400);
        assertThat(api.ok("GET", "/v1/admin/content/" + id, null).get("frequency")).isEqualTo(created.get("frequency"));
        JsonNode plain = api.ok("POST", "/v1/admin/content", "{\"content_type\":\"banner\",\"title\":\"x\"}", 201).get("frequency");
        assertThat(plain.get("max_impressions").isNull()).isTrue();
        assertThat(plain.get("min_interval_seconds").isNull()).isTrue();
        JsonNode updated = api.ok("PUT", "/v1/admin/content/" + id, "{\"frequency\":{\"max_impressions\":1}}");
        assertThat(updated.get("frequency").get("max_impressions").intValue()).isEqualTo(1);
        assertThat(updated.get("frequency").get("min_interval_seconds").isNull()).isTrue();
        assertThat(updated.get("cta_url").stringValue()).isEqualTo("/docs/reports");

        for (String bad : List.of("{\"max_impressions\":0}", "{\"max_impressions\":1001}", "{\"min_interval_seconds\":-1}",
                "{\"min_interval_seconds\":31536001}", "{\"cooldown\":60}")) {
            api.error(api.admin("PUT", "/v1/admin/content/" + id, "{\"frequency\":" + bad + "}"), 422, "UNPROCESSABLE_ENTITY");
            api.error(api.admin("POST", "/v1/admin/content", "{\"content_type\":\"banner\",\"title\":\"y\",\"frequency\":" + bad + "}"),
                    422, "UNPROCESSABLE_ENTITY");
        }
        for (String bad : List.of("\"daily\"", "[1]", "{\"max_impressions\":1.5}", "{\"min_interval_seconds\":\"60\"}")) {
            api.error(api.admin("PUT", "/v1/admin/content/" + id, "{\"frequency\":" + bad + "}"), 400, "VALIDATION_ERROR");
        }
        assertThat(api.ok("GET", "/v1/admin/content/" + id, null)).as("nothing changed by the refused writes").isEqualTo(updated);
        assertThat(api.count("SELECT count(*) FROM content_items WHERE organization_id = '" + api.org() + "'")).isEqualTo(2);
    }

    @Test
    void whenThemesAreCreatedThenOmittedVariablesGiveTheIndigoPaletteAndVariablesOnlyTheLightSet() {
        JsonNode indigo = api.ok("POST", "/v1/admin/themes", "{\"name\":\"Default-ish\"}", 201);
        assertThat(indigo.get("theme_id").stringValue()).matches("thm_[0-9a-f]{12}");
        assertThat(indigo.get("variables").get("--spot-primary").stringValue()).isEqualTo("#4f46e5");
        assertThat(indigo.get("dark").get("--spot-primary").stringValue()).isEqualTo("#818cf8");
        assertThat(indigo.get("is_default").booleanValue()).isFalse();
        assertThat(indigo.get("is_shared").booleanValue()).isFalse();

        JsonNode ember = api.ok("POST", "/v1/admin/themes", """
                {"name":"Ember","variables":{"--spot-bg":"#15151d","--spot-primary":"#ff6a4d","--spot-text":"#f8fafc","--spot-radius":"10px"}}""", 201);
        assertThat(ember.get("variables")).hasSize(4);
        assertThat(ember.get("light")).isEqualTo(ember.get("variables"));
        assertThat(ember.get("dark").isNull()).isTrue();
        String id = ember.get("theme_id").stringValue();

        JsonNode updated = api.ok("PUT", "/v1/admin/themes/" + id, "{\"dark\":{\"--spot-bg\":\"#000\"}}");
        assertThat(updated.get("variables")).isEqualTo(ember.get("variables"));
        assertThat(updated.get("dark").get("--spot-bg").stringValue()).isEqualTo("#000");
        JsonNode replaced = api.ok("PUT", "/v1/admin/themes/" + id, "{\"variables\":{\"--spot-primary\":\"rgb(1,2,3)\"},\"name\":\"Ember 2\"}");
        assertThat(replaced.get("variables")).hasSize(1);
        assertThat(replaced.get("name").stringValue()).isEqualTo("Ember 2");
        assertThat(api.ok("GET", "/v1/admin/themes/" + id, null)).isEqualTo(replaced);
        assertThat(api.ok("GET", "/v1/admin/themes", null).get("total").intValue()).isEqualTo(2);
        assertThat(api.auditActions(id)).containsExactly("theme.create", "theme.update", "theme.update");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\":\"x\",\"variables\":{\"--spot-primary\":\"red;}</style><script>alert(1)</script>\"}}",
            "{\"name\":\"x\",\"variables\":{\"--spot-bg\":\"url(javascript:alert(1))\"}}",
            "{\"name\":\"x\",\"variables\":{\"--spot-bg\":\"expression(alert(1))\"}}",
            "{\"name\":\"x\",\"variables\":{\"--spot-bg\":\"#fff\\\\3b\"}}",
            "{\"name\":\"x\",\"variables\":{\"--spot-bg\":\"#fff\\u003b color:red\"}}",
            "{\"name\":\"x\",\"variables\":{\"--spot-bg\":\"var(--x)\"}}",
            "{\"name\":\"x\",\"variables\":{\"--spot-font-family\":\"a\\\" } body { x: \\\"\"}}",
            "{\"name\":\"x\",\"light\":{\"--spot-bg\":\"#fff\"},\"dark\":{\"--spot-bg\":\"@import 'x'\"}}",
            "{\"name\":\"x\",\"variables\":{\"--spot-nope\":\"#fff\"}}",
            "{\"name\":\"x\",\"variables\":{\"--spot-bg\":5}}",
            "{\"name\":\"x\",\"variables\":{\"--spot-bg\":\"#fff\"},\"light\":{\"--spot-bg\":\"#000\"}}"})
    void whenThemeValuesAreInjectionAttemptsThen422AndNothingIsStored(String body) {
        api.error(api.admin("POST", "/v1/admin/themes", body), 422, "UNPROCESSABLE_ENTITY");
        String longValue = "{\"name\":\"x\",\"variables\":{\"--spot-x-long\":\"" + "1".repeat(201) + "\"}}";
        api.error(api.admin("POST", "/v1/admin/themes", longValue), 422, "UNPROCESSABLE_ENTITY");
        assertThat(api.count("SELECT count(*) FROM themes WHERE organization_id = '" + api.org() + "'")).isZero();
        String id = api.ok("POST", "/v1/admin/themes", "{\"name\":\"ok\"}", 201).get("theme_id").stringValue();
        JsonNode before = api.ok("GET", "/v1/admin/themes/" + id, null);
        api.error(api.admin("PUT", "/v1/admin/themes/" + id, body.replace("\"name\":\"x\",", "")), 422, "UNPROCESSABLE_ENTITY");
        assertThat(api.ok("GET", "/v1/admin/themes/" + id, null)).isEqualTo(before);
    }

    @Test
    void whenAThemeInUseIsDeletedThenUnrelatedEditsStillWorkAndCopiesDropIt() {
        String theme = api.ok("POST", "/v1/admin/themes", "{\"name\":\"Soon gone\"}", 201).get("theme_id").stringValue();
        String tour = api.ok("POST", "/v1/admin/tours", "{\"title\":\"t\",\"theme_id\":\"" + theme + "\"}", 201).get("tour_id").stringValue();
        String content = api.ok("POST", "/v1/admin/content", "{\"content_type\":\"banner\",\"title\":\"c\",\"theme_id\":\"" + theme + "\"}", 201)
                .get("content_id").stringValue();
        api.admin("DELETE", "/v1/admin/themes/" + theme, null).expectStatus().isNoContent();

        assertThat(api.ok("PUT", "/v1/admin/tours/" + tour, "{\"title\":\"y\"}").get("title").stringValue()).isEqualTo("y");
        assertThat(api.ok("PUT", "/v1/admin/content/" + content, "{\"title\":\"y\"}").get("title").stringValue()).isEqualTo("y");
        // Setting it explicitly is still checked.
        api.error(api.admin("PUT", "/v1/admin/tours/" + tour, "{\"theme_id\":\"" + theme + "\"}"), 422, "UNPROCESSABLE_ENTITY");
        api.error(api.admin("PUT", "/v1/admin/content/" + content, "{\"theme_id\":\"" + theme + "\"}"), 422, "UNPROCESSABLE_ENTITY");
        JsonNode copy = api.ok("POST", "/v1/admin/tours/" + tour + "/copy", null, 201);
        assertThat(copy.get("theme_id").isNull()).isTrue();
        assertThat(api.ok("PUT", "/v1/admin/tours/" + tour, "{\"theme_id\":\"dark\"}").get("theme_id").stringValue()).isEqualTo("dark");
        assertThat(api.ok("POST", "/v1/admin/tours/" + tour + "/copy", null, 201).get("theme_id").stringValue()).isEqualTo("dark");
    }

    @Test
    void whenSettingDefaultsThenOnlyOneDefaultAndDefaultsAndPresetsCannotBeDeleted() {
        String a = api.ok("POST", "/v1/admin/themes", "{\"name\":\"A\"}", 201).get("theme_id").stringValue();
        String b = api.ok("POST", "/v1/admin/themes", "{\"name\":\"B\"}", 201).get("theme_id").stringValue();
        assertThat(api.ok("POST", "/v1/admin/themes/" + a + "/set-default", null).get("is_default").booleanValue()).isTrue();
        assertThat(api.ok("POST", "/v1/admin/themes/" + b + "/set-default", null).get("is_default").booleanValue()).isTrue();
        assertThat(api.ok("GET", "/v1/admin/themes/" + a, null).get("is_default").booleanValue()).isFalse();
        assertThat(api.count("SELECT count(*) FROM themes WHERE is_default AND organization_id = '" + api.org() + "'")).isEqualTo(1);

        api.error(api.admin("DELETE", "/v1/admin/themes/" + b, null), 409, "CONFLICT");
        api.admin("DELETE", "/v1/admin/themes/" + a, null).expectStatus().isNoContent().expectBody().isEmpty();
        api.error(api.admin("GET", "/v1/admin/themes/" + a, null), 404, "NOT_FOUND");
        api.error(api.admin("DELETE", "/v1/admin/themes/" + a, null), 404, "NOT_FOUND");

        JsonNode presets = api.ok("GET", "/v1/admin/themes/presets", null);
        assertThat(presets).hasSize(5);
        List<String> ids = new java.util.ArrayList<>();
        presets.forEach(preset -> {
            ids.add(preset.get("theme_id").stringValue());
            assertThat(preset.get("is_shared").booleanValue()).isTrue();
        });
        assertThat(ids).containsExactly("indigo", "light", "dark", "high_contrast", "minimal");
        assertThat(api.ok("GET", "/v1/admin/themes/indigo", null).get("is_shared").booleanValue()).isTrue();
        api.error(api.admin("DELETE", "/v1/admin/themes/indigo", null), 409, "CONFLICT");
        api.error(api.admin("PUT", "/v1/admin/themes/dark", "{\"name\":\"mine\"}"), 409, "CONFLICT");
        api.error(api.admin("POST", "/v1/admin/themes/light/set-default", null), 409, "CONFLICT");

        SpotlightCalls other = api.as(UUID.randomUUID(), Environment.LIVE);
        other.error(other.admin("GET", "/v1/admin/themes/" + b, null), 404, "NOT_FOUND");
        other.error(other.admin("POST", "/v1/admin/themes/" + b + "/set-default", null), 404, "NOT_FOUND");
        other.error(other.admin("DELETE", "/v1/admin/themes/" + b, null), 404, "NOT_FOUND");

        assertThat(api.auditActions(a)).containsExactly("theme.create", "theme.set_default", "theme.deleted");
        assertThat(api.auditActions(b)).containsExactly("theme.create", "theme.set_default");
        JsonNode deleted = (JsonNode) api.audit(a).get(2).get("payload");
        assertThat(deleted.get("after").isNull()).isTrue();
        assertThat(deleted.get("before").get("theme_id").stringValue()).isEqualTo(a);
    }
}
