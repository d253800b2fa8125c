package io.dropline.audience.audience;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class AudienceApiIT {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "audience");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    UUID org;
    String context;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        context = TestContexts.admin(org);
    }

    @Test
    void whenCreatedThenReadUpdatedAndDeleted() {
        JsonNode created = create(context, Map.of("name", "  VIP Fans  ", "description", "Top buyers"));
        String id = created.get("id").stringValue();
        assertThat(Ids.parse("aud", id)).isPresent();
        assertThat(created.get("organizationId").stringValue()).isEqualTo(Ids.format("org", org));
        assertThat(created.get("name").stringValue()).isEqualTo("VIP Fans");
        assertThat(created.get("type").stringValue()).isEqualTo("STATIC");
        assertThat(created.get("memberCount").longValue()).isZero();
        assertThat(created.get("createdAt").stringValue()).isEqualTo(created.get("updatedAt").stringValue());

        http.get().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.description").isEqualTo("Top buyers");

        http.put().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"description\": null}")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.name").isEqualTo("VIP Fans")
                .jsonPath("$.description").doesNotExist();
        http.put().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Superfans", "description", "line 1\nline 2"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.name").isEqualTo("Superfans")
                .jsonPath("$.description").isEqualTo("line 1\nline 2");

        addMembers(id, List.of(Ids.newId("cons")));
        http.delete().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.memberCount").isEqualTo(1);
        http.get().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Audience not found");
        StepVerifier.create(db.sql("SELECT count(*) FROM audience_members WHERE audience_id = :id")
                        .bind("id", Ids.parse("aud", id).orElseThrow()).map(row -> row.get(0, Long.class)).one())
                .expectNext(0L).verifyComplete();
    }

    @Test
    void whenTypeIsStaticListThenStoredAsStaticAndOtherTypesRefused() {
        assertThat(create(context, Map.of("name", "A", "type", "STATIC_LIST")).get("type").stringValue()).isEqualTo("STATIC");
        assertThat(create(context, Map.of("name", "B", "type", "STATIC")).get("type").stringValue()).isEqualTo("STATIC");
        for (String type : List.of("DYNAMIC", "SYNCED_LIST", "static", "")) {
            http.post().uri("/api/v1/audiences").header(InternalContext.HEADER, context)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "C", "type", type))
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("type");
        }
        String id = list("").get("data").get(0).get("id").stringValue();
        http.put().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("type", "STATIC"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("type");
    }

    @Test
    void whenMembersAddedAndRemovedThenIdempotentAndCounted() {
        String id = create(context, Map.of("name", "List")).get("id").stringValue();
        String a = Ids.newId("cons");
        String b = Ids.newId("cons");
        String c = Ids.newId("cons");

        http.post().uri("/api/v1/audiences/{id}/members", id).header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerIds", List.of(a, b, a)))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.added").isEqualTo(2)
                .jsonPath("$.memberCount").isEqualTo(2);
        JsonNode again = addMembers(id, List.of(b, c));
        assertThat(again.get("added").longValue()).isEqualTo(1);
        assertThat(again.get("memberCount").longValue()).isEqualTo(3);
        assertThat(addMembers(id, List.of(a, b, c)).get("added").longValue()).isZero();

        JsonNode removed = removeMembers(id, List.of(a, Ids.newId("cons")));
        assertThat(removed.get("removed").longValue()).isEqualTo(1);
        assertThat(removed.get("memberCount").longValue()).isEqualTo(2);
        assertThat(removeMembers(id, List.of(a)).get("removed").longValue()).isZero();

        http.get().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectBody().jsonPath("$.memberCount").isEqualTo(2);
        StepVerifier.create(db.sql("SELECT count(*) FROM audience_members WHERE audience_id = :id")
                        .bind("id", Ids.parse("aud", id).orElseThrow()).map(row -> row.get(0, Long.class)).one())
                .expectNext(2L).verifyComplete();
    }

    @Test
    void whenListingMembersThenPagedNewestFirstInBothDirections() {
        String id = create(context, Map.of("name", "Paged")).get("id").stringValue();
        List<String> batch = IntStream.range(0, 5).mapToObj(i -> Ids.newId("cons")).toList();
        addMembers(id, batch);
        String late = Ids.newId("cons");
        addMembers(id, List.of(late));
        // Newest first; within one batch (same addedAt) the consumer id, descending, breaks the tie.
        List<String> expected = new ArrayList<>(List.of(late));
        expected.addAll(reversed(batch));

        List<String> forward = new ArrayList<>();
        String after = null;
        String lastEnd;
        do {
            JsonNode page = members(id, "first=2" + (after == null ? "" : "&after=" + after));
            page.get("data").forEach(row -> forward.add(row.get("consumerId").stringValue()));
            assertThat(page.get("data").get(0).get("addedAt").isString()).isTrue();
            lastEnd = page.get("pageInfo").get("endCursor").stringValue();
            after = page.get("pageInfo").get("hasNextPage").booleanValue() ? lastEnd : null;
        } while (after != null);
        assertThat(forward).containsExactlyElementsOf(expected);

        JsonNode back = members(id, "last=2&before=" + lastEnd);
        assertThat(back.get("data").valueStream().map(row -> row.get("consumerId").stringValue()).toList())
                .containsExactlyElementsOf(expected.subList(3, 5));

        http.get().uri("/api/v1/audiences/{id}/members?first=1&after=" + lastEnd, id)
                .header(InternalContext.HEADER, TestContexts.admin(org, Environment.TEST)).exchange().expectStatus().isNotFound();
        for (String query : List.of("first=0", "search=ab", "after=garbage", "first=1&last=1")) {
            http.get().uri("/api/v1/audiences/{id}/members?" + query, id).header(InternalContext.HEADER, context).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("Validation failed");
        }
    }

    @Test
    void whenMembershipCheckedThenTrueFalseOrNotFound() {
        String id = create(context, Map.of("name", "Gate")).get("id").stringValue();
        String member = Ids.newId("cons");
        String stranger = Ids.newId("cons");
        addMembers(id, List.of(member));
        String internal = internal(org, Environment.LIVE);

        http.get().uri("/internal/audiences/{a}/members/{c}", id, member).header(InternalContext.HEADER, internal).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.audienceId").isEqualTo(id)
                .jsonPath("$.consumerId").isEqualTo(member)
                .jsonPath("$.member").isEqualTo(true);
        http.get().uri("/internal/audiences/{a}/members/{c}", id, stranger).header(InternalContext.HEADER, internal).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.member").isEqualTo(false);

        removeMembers(id, List.of(member));
        http.get().uri("/internal/audiences/{a}/members/{c}", id, member).header(InternalContext.HEADER, internal).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.member").isEqualTo(false);

        for (String audience : List.of(Ids.newId("aud"), "aud_x", Ids.newId("cons"))) {
            http.get().uri("/internal/audiences/{a}/members/{c}", audience, member).header(InternalContext.HEADER, internal).exchange()
                    .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Audience not found");
        }
        for (String foreign : List.of(internal(UUID.randomUUID(), Environment.LIVE), internal(org, Environment.TEST))) {
            http.get().uri("/internal/audiences/{a}/members/{c}", id, member).header(InternalContext.HEADER, foreign).exchange()
                    .expectStatus().isNotFound();
        }
        http.get().uri("/internal/audiences/{a}/members/{c}", id, "cons_bad").header(InternalContext.HEADER, internal).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("consumerId");
        http.get().uri("/internal/audiences/{a}/members/{c}", id, member).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isForbidden();
        http.get().uri("/internal/audiences/{a}/members/{c}", id, member).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void whenAnotherTenantUsesAnIdThenNotFoundAndNothingChanges() {
        String id = create(context, Map.of("name", "Owner", "description", "mine")).get("id").stringValue();
        String member = Ids.newId("cons");
        addMembers(id, List.of(member));
        for (String foreign : List.of(TestContexts.admin(UUID.randomUUID()), TestContexts.admin(org, Environment.TEST))) {
            http.get().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, foreign).exchange().expectStatus().isNotFound();
            http.put().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, foreign)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Thief")).exchange().expectStatus().isNotFound();
            http.delete().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, foreign).exchange().expectStatus().isNotFound();
            http.post().uri("/api/v1/audiences/{id}/members", id).header(InternalContext.HEADER, foreign)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerIds", List.of(Ids.newId("cons"))))
                    .exchange().expectStatus().isNotFound();
            http.method(HttpMethod.DELETE).uri("/api/v1/audiences/{id}/members", id).header(InternalContext.HEADER, foreign)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerIds", List.of(member)))
                    .exchange().expectStatus().isNotFound();
            http.get().uri("/api/v1/audiences/{id}/members", id).header(InternalContext.HEADER, foreign).exchange().expectStatus().isNotFound();
            http.get().uri("/api/v1/audiences").header(InternalContext.HEADER, foreign).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.data.length()").isEqualTo(0);
        }
        StepVerifier.create(db.sql("SELECT name, description, member_count, "
                                + "(SELECT count(*) FROM audience_members WHERE audience_id = :id) AS members FROM audiences WHERE id = :id")
                        .bind("id", Ids.parse("aud", id).orElseThrow())
                        .map(row -> row.get("name", String.class) + "|" + row.get("description", String.class) + "|"
                                + row.get("member_count", Long.class) + "|" + row.get("members", Long.class))
                        .one())
                .expectNext("Owner|mine|1|1").verifyComplete();
    }

    @Test
    void whenPagingForwardAndBackwardThenEveryRowAppearsOnceInOrder() {
        List<String> ids = new ArrayList<>();
        IntStream.range(0, 7).forEach(i -> ids.add(create(context, Map.of("name", "Same Name")).get("id").stringValue()));

        List<String> forward = new ArrayList<>();
        String after = null;
        String lastPageEnd;
        do {
            JsonNode page = list("sortBy=name&sortDir=asc&first=3" + (after == null ? "" : "&after=" + after));
            page.get("data").forEach(row -> forward.add(row.get("id").stringValue()));
            lastPageEnd = page.get("pageInfo").get("endCursor").stringValue();
            after = page.get("pageInfo").get("hasNextPage").booleanValue() ? lastPageEnd : null;
        } while (after != null);
        assertThat(forward).containsExactlyElementsOf(ids);

        JsonNode back = list("sortBy=name&sortDir=asc&last=3&before=" + lastPageEnd);
        assertThat(back.get("data").valueStream().map(row -> row.get("id").stringValue()).toList())
                .containsExactlyElementsOf(ids.subList(3, 6));
        assertThat(back.get("pageInfo").get("hasPreviousPage").booleanValue()).isTrue();
        assertThat(back.get("pageInfo").get("hasNextPage").booleanValue()).isTrue();

        List<String> newestFirst = new ArrayList<>();
        after = null;
        do {
            JsonNode page = list("first=4" + (after == null ? "" : "&after=" + after));
            page.get("data").forEach(row -> newestFirst.add(row.get("id").stringValue()));
            after = page.get("pageInfo").get("hasNextPage").booleanValue() ? page.get("pageInfo").get("endCursor").stringValue() : null;
        } while (after != null);
        assertThat(newestFirst).containsExactlyElementsOf(reversed(ids));
    }

    @Test
    void whenSortedAndSearchedThenOrderedAndMatchedLiterally() {
        create(context, Map.of("name", "beta"));
        create(context, Map.of("name", "Alpha 100%"));
        create(context, Map.of("name", "gamma_ray"));
        assertThat(names(list("sortBy=name&sortDir=asc"))).containsExactly("Alpha 100%", "beta", "gamma_ray");
        assertThat(names(list("sortBy=name&sortDir=desc"))).containsExactly("gamma_ray", "beta", "Alpha 100%");
        assertThat(names(list(""))).containsExactly("gamma_ray", "Alpha 100%", "beta");
        assertThat(names(list("sortBy=createdAt&sortDir=asc"))).containsExactly("beta", "Alpha 100%", "gamma_ray");
        assertThat(names(search("ALPHA"))).containsExactly("Alpha 100%");
        assertThat(names(search("0%"))).containsExactly("Alpha 100%");
        assertThat(names(search("a_r"))).containsExactly("gamma_ray");
        assertThat(names(search("%%"))).isEmpty();
        assertThat(names(search("__"))).isEmpty();
        http.get().uri("/api/v1/audiences?search={term}", "ab\u0000").header(InternalContext.HEADER, context).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("search");
        String created = list("sortBy=createdAt&sortDir=asc").get("data").get(0).get("createdAt").stringValue();
        assertThat(names(list("createdAfter=" + created + "&sortDir=asc"))).containsExactly("Alpha 100%", "gamma_ray");
        assertThat(names(list("createdAfter=2000-01-01&createdBefore=2000-01-02"))).isEmpty();
    }

    @Test
    void whenCursorIsTamperedOrReplayedWithOtherFiltersThenBadRequest() {
        IntStream.range(0, 3).forEach(i -> create(context, Map.of("name", "P" + i)));
        String cursor = list("first=1").get("pageInfo").get("endCursor").stringValue();
        String flipped = cursor.substring(0, 2) + (cursor.charAt(2) == 'A' ? 'B' : 'A') + cursor.substring(3);
        for (String query : List.of("first=1&after=" + flipped, "first=1&sortBy=name&after=" + cursor,
                "first=1&search=xx&after=" + cursor, "after=not-a-cursor")) {
            http.get().uri("/api/v1/audiences?" + query).header(InternalContext.HEADER, context).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("Validation failed");
        }
        http.get().uri("/api/v1/audiences?first=1&after=" + cursor).header(InternalContext.HEADER, TestContexts.admin(UUID.randomUUID()))
                .exchange().expectStatus().isBadRequest();
    }

    @ParameterizedTest
    @ValueSource(strings = {"first=0", "first=101", "first=abc", "first=2&last=2", "sortBy=lastRefreshedAt", "sortBy=memberCount",
            "sortDir=up", "search=a", "createdAfter=yesterday", "createdAfter=2024-02-01&createdBefore=2024-01-01",
            "unknown=1", "first=1&first=2"})
    void whenListParametersAreBadThenBadRequestWithDetails(String query) {
        http.get().uri("/api/v1/audiences?" + query).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("Validation failed")
                .jsonPath("$.details[0].field").exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "\"text\"", "null", "{}", "{\"name\": \"\"}", "{\"name\": \"   \"}", "{\"name\": null}",
            "{\"name\": 5}", "{\"name\": \"nul\\u0000byte\"}", "{\"name\": \"tab\\tname\"}", "{\"name\": \"ok\", \"description\": \"nul\\u0000\"}",
            "{\"name\": \"ok\", \"memberCount\": 5}", "{\"name\": \"ok\", \"id\": \"aud_x\"}", "{\"name\": \"ok\", \"type\": 1}",
            "{\"name\": \"ok\"} trailing"})
    void whenCreateBodyIsBadThenBadRequestAndNothingStored(String body) {
        http.post().uri("/api/v1/audiences").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").exists();
        assertThat(list("").get("data").size()).isZero();
    }

    @Test
    void whenStringsAreLongOrUnusualThenBoundedAndStoredVerbatim() {
        create(context, Map.of("name", "n".repeat(200)));
        http.post().uri("/api/v1/audiences").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "n".repeat(201), "description", "d".repeat(2001)))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details.length()").isEqualTo(2);
        http.post().uri("/api/v1/audiences").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": \"" + "x".repeat(2_000_000) + "\"}")
                .exchange().expectStatus().isEqualTo(413);
        String name = "Robert'); DROP TABLE audiences;-- <script>alert(1)</script> مرحبا 👩‍💻 e\u0301";
        String id = create(context, Map.of("name", name)).get("id").stringValue();
        http.get().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectBody().jsonPath("$.name").isEqualTo(name);
    }

    @Test
    void whenUpdateBodyIsBadThenBadRequestAndNothingChanges() {
        String id = create(context, Map.of("name", "Keep")).get("id").stringValue();
        for (String body : List.of("{", "[]", "{\"name\": null}", "{\"name\": \"\"}", "{\"colour\": \"red\"}",
                "{\"name\": \"bad\\u0000\"}", "{\"name\": \"" + "y".repeat(201) + "\"}")) {
            http.put().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, context)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isBadRequest();
        }
        http.get().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectBody().jsonPath("$.name").isEqualTo("Keep");
    }

    @Test
    void whenMemberBodyIsBadThenBadRequestWithPerIndexDetailsAndNothingChanges() {
        String id = create(context, Map.of("name", "Strict")).get("id").stringValue();
        String good = Ids.newId("cons");
        expectMemberBodyRejected(id, Map.of("consumerIds", List.of(good, "cons_x", Ids.newId("aud"), good.toLowerCase(), "cons_\u0000")))
                .jsonPath("$.details.length()").isEqualTo(4)
                .jsonPath("$.details[0].field").isEqualTo("consumerIds[1]")
                .jsonPath("$.details[1].field").isEqualTo("consumerIds[2]")
                .jsonPath("$.details[3].field").isEqualTo("consumerIds[4]");
        expectMemberBodyRejected(id, Map.of("consumerIds", List.of(good, 5))).jsonPath("$.details[0].field").isEqualTo("consumerIds[1]");
        List<String> tooMany = IntStream.range(0, 1001).mapToObj(i -> Ids.newId("cons")).toList();
        expectMemberBodyRejected(id, Map.of("consumerIds", tooMany)).jsonPath("$.details[0].field").isEqualTo("consumerIds");
        expectMemberBodyRejected(id, Map.of("consumerIds", List.of())).jsonPath("$.details[0].field").isEqualTo("consumerIds");
        expectMemberBodyRejected(id, Map.of("consumerIds", good)).jsonPath("$.details[0].field").isEqualTo("consumerIds");
        expectMemberBodyRejected(id, Map.of("consumerIds", List.of(good), "audienceId", id)).jsonPath("$.details[0].field").isEqualTo("audienceId");
        expectMemberBodyRejected(id, Map.of()).jsonPath("$.details[0].message").isEqualTo("Required");
        for (String raw : List.of("{", "[]", "null", "{\"consumerIds\": [\"" + good + "\"]} x")) {
            http.post().uri("/api/v1/audiences/{id}/members", id).header(InternalContext.HEADER, context)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(raw).exchange().expectStatus().isBadRequest();
        }
        http.method(HttpMethod.DELETE).uri("/api/v1/audiences/{id}/members", id).header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerIds", List.of("nope")))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("consumerIds[0]");
        assertThat(members(id, "").get("data").size()).isZero();

        List<String> thousand = IntStream.range(0, 1000).mapToObj(i -> Ids.newId("cons")).toList();
        assertThat(addMembers(id, thousand).get("memberCount").longValue()).isEqualTo(1000);
        assertThat(removeMembers(id, thousand).get("removed").longValue()).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aud_x", "cons_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "aud_01jd3q6z8wq0x5t9r2m4n7b1ce", "aud_81JD3Q6Z8WQ0X5T9R2M4N7B1CE"})
    void whenIdHasWrongShapeThenNotFound(String id) {
        http.get().uri("/api/v1/audiences/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Audience not found");
        http.get().uri("/api/v1/audiences/{id}/members", id).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isNotFound();
        http.post().uri("/api/v1/audiences/{id}/members", id).header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerIds", List.of(Ids.newId("cons"))))
                .exchange().expectStatus().isNotFound();
    }

    private WebTestClient.BodyContentSpec expectMemberBodyRejected(String id, Map<String, ?> body) {
        return http.post().uri("/api/v1/audiences/{id}/members", id).header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("Validation failed");
    }

    private static String internal(UUID organization, Environment environment) {
        return CODEC.sign(CODEC.create(organization, environment, ApiSurface.INTERNAL,
                Principal.service("experiences-service"), "req-" + UUID.randomUUID()));
    }

    private JsonNode create(String contextHeader, Map<String, ?> body) {
        return http.post().uri("/api/v1/audiences").header(InternalContext.HEADER, contextHeader)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode addMembers(String id, List<String> consumerIds) {
        return http.post().uri("/api/v1/audiences/{id}/members", id).header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerIds", consumerIds)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode removeMembers(String id, List<String> consumerIds) {
        return http.method(HttpMethod.DELETE).uri("/api/v1/audiences/{id}/members", id).header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerIds", consumerIds)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode members(String id, String query) {
        return http.get().uri("/api/v1/audiences/{id}/members?" + query, id).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode list(String query) {
        return http.get().uri("/api/v1/audiences?" + query).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode search(String term) {
        return http.get().uri("/api/v1/audiences?search={term}", term).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static List<String> names(JsonNode page) {
        return page.get("data").valueStream().map(row -> row.get("name").stringValue()).toList();
    }
}
