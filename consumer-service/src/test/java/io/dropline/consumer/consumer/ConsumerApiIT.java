package io.dropline.consumer.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
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
class ConsumerApiIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "consumer");
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
        JsonNode created = create(context, Map.of("email", "Ada@Example.com", "fullName", "Ada Lovelace",
                "metadata", Map.of("tier", "gold"), "externalId", "crm-1"));
        String id = created.get("id").stringValue();
        assertThat(Ids.parse("cons", id)).isPresent();
        assertThat(created.get("organizationId").stringValue()).isEqualTo(Ids.format("org", org));
        assertThat(created.get("totalOrders").intValue()).isZero();
        assertThat(created.get("totalOrderValue").stringValue()).isEqualTo("0.00");
        assertThat(created.get("lastOrderAt").isNull()).isTrue();
        assertThat(created.get("metadata").get("tier").stringValue()).isEqualTo("gold");

        http.get().uri("/api/v1/consumers/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.email").isEqualTo("Ada@Example.com");

        http.put().uri("/api/v1/consumers/{id}", id).header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phone", "+14155550123", "externalId", ""))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.phone").isEqualTo("+14155550123")
                .jsonPath("$.fullName").isEqualTo("Ada Lovelace")
                .jsonPath("$.externalId").doesNotExist();

        http.delete().uri("/api/v1/consumers/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(id);
        http.get().uri("/api/v1/consumers/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Consumer not found");
    }

    @Test
    void whenEmailDiffersOnlyByCaseThenRejectedWithinTenantButAllowedAcrossTenantsAndEnvironments() {
        create(context, Map.of("email", "sam@example.com"));
        http.post().uri("/api/v1/consumers").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "SAM@example.com"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("Email already exists")
                .jsonPath("$.details[0].field").isEqualTo("email");
        create(TestContexts.admin(org, Environment.TEST), Map.of("email", "sam@example.com"));
        create(TestContexts.admin(UUID.randomUUID()), Map.of("email", "sam@example.com"));
    }

    @Test
    void whenAnotherTenantUsesAnIdThenNotFoundAndNothingChanges() {
        String id = create(context, Map.of("fullName", "Owner")).get("id").stringValue();
        for (String foreign : List.of(TestContexts.admin(UUID.randomUUID()), TestContexts.admin(org, Environment.TEST))) {
            http.get().uri("/api/v1/consumers/{id}", id).header(InternalContext.HEADER, foreign).exchange().expectStatus().isNotFound();
            http.put().uri("/api/v1/consumers/{id}", id).header(InternalContext.HEADER, foreign)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("fullName", "Thief")).exchange().expectStatus().isNotFound();
            http.delete().uri("/api/v1/consumers/{id}", id).header(InternalContext.HEADER, foreign).exchange().expectStatus().isNotFound();
            http.put().uri("/api/v1/consumers/batch").header(InternalContext.HEADER, foreign)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(List.of(Map.of("id", id, "fullName", "Thief")))
                    .exchange().expectStatus().isBadRequest();
            http.get().uri("/api/v1/consumers").header(InternalContext.HEADER, foreign).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.data.length()").isEqualTo(0);
        }
        StepVerifier.create(db.sql("SELECT full_name FROM consumers WHERE id = :id")
                        .bind("id", Ids.parse("cons", id).orElseThrow()).map(row -> row.get(0, String.class)).one())
                .expectNext("Owner").verifyComplete();
    }

    @Test
    void whenPagingForwardAndBackwardThenEveryRowAppearsOnceInOrder() {
        List<String> ids = new ArrayList<>();
        IntStream.range(0, 7).forEach(i -> ids.add(create(context, Map.of("fullName", "Same Name")).get("id").stringValue()));

        List<String> forward = new ArrayList<>();
        String after = null;
        String lastPageEnd = null;
        do {
            JsonNode page = list("sortBy=fullName&sortDir=asc&first=3" + (after == null ? "" : "&after=" + after));
            page.get("data").forEach(row -> forward.add(row.get("id").stringValue()));
            lastPageEnd = page.get("pageInfo").get("endCursor").stringValue();
            after = page.get("pageInfo").get("hasNextPage").booleanValue() ? lastPageEnd : null;
        } while (after != null);
        // Equal names: the id breaks ties, so the order is creation order.
        assertThat(forward).containsExactlyElementsOf(ids);

        JsonNode back = list("sortBy=fullName&sortDir=asc&last=3&before=" + lastPageEnd);
        assertThat(back.get("data").valueStream().map(row -> row.get("id").stringValue()).toList())
                .containsExactlyElementsOf(ids.subList(3, 6));
        assertThat(back.get("pageInfo").get("hasPreviousPage").booleanValue()).isTrue();
        assertThat(back.get("pageInfo").get("hasNextPage").booleanValue()).isTrue();
    }

    @Test
    void whenSortedBySupportedFieldsThenOrdered() {
        create(context, Map.of("email", "b@example.com", "fullName", "Zed"));
        create(context, Map.of("email", "a@example.com", "fullName", "Amy"));
        create(context, Map.of("fullName", "Nobody"));
        assertThat(names(list("sortBy=email&sortDir=asc"))).containsExactly("Nobody", "Amy", "Zed");
        assertThat(names(list("sortBy=fullName&sortDir=desc"))).containsExactly("Zed", "Nobody", "Amy");
        assertThat(names(list(""))).containsExactly("Nobody", "Amy", "Zed");
        for (String sort : List.of("lastOrderAt", "totalOrderValue", "totalOrders", "createdAt")) {
            assertThat(names(list("sortBy=" + sort))).hasSize(3);
        }
    }

    @Test
    void whenSearchingThenMatchesEmailPhoneAndNameLiterally() {
        create(context, Map.of("email", "john@example.com"));
        create(context, Map.of("fullName", "Johnny 100%"));
        create(context, Map.of("phone", "+4915112345678", "fullName", "Other"));
        assertThat(search("JOHN").get("data").size()).isEqualTo(2);
        assertThat(search("151123").get("data").size()).isEqualTo(1);
        assertThat(search("0%").get("data").size()).isEqualTo(1);
        assertThat(search("%%").get("data").size()).isZero();
        assertThat(search("__").get("data").size()).isZero();
    }

    @Test
    void whenFilteringByCreationTimeThenBounded() {
        JsonNode first = create(context, Map.of("fullName", "Early"));
        String created = first.get("createdAt").stringValue();
        assertThat(list("createdAfter=" + created).get("data").size()).isZero();
        assertThat(list("createdBefore=2999-01-01").get("data").size()).isEqualTo(1);
        assertThat(list("createdAfter=2000-01-01&createdBefore=2000-01-02").get("data").size()).isZero();
    }

    @Test
    void whenCursorIsTamperedOrReplayedWithOtherFiltersThenBadRequest() {
        IntStream.range(0, 3).forEach(i -> create(context, Map.of("fullName", "P" + i)));
        String cursor = list("first=1").get("pageInfo").get("endCursor").stringValue();
        String flipped = cursor.substring(0, 2) + (cursor.charAt(2) == 'A' ? 'B' : 'A') + cursor.substring(3);
        for (String query : List.of("first=1&after=" + flipped, "first=1&sortBy=email&after=" + cursor,
                "first=1&search=xx&after=" + cursor, "after=not-a-cursor")) {
            http.get().uri("/api/v1/consumers?" + query).header(InternalContext.HEADER, context).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("Validation failed");
        }
        http.get().uri("/api/v1/consumers?first=1&after=" + cursor).header(InternalContext.HEADER, TestContexts.admin(UUID.randomUUID()))
                .exchange().expectStatus().isBadRequest();
    }

    @ParameterizedTest
    @ValueSource(strings = {"first=0", "first=-1", "first=1000000000", "first=abc", "last=101", "first=2&last=2",
            "after=x&before=y", "sortBy=password", "sortDir=up", "search=a", "createdAfter=yesterday",
            "createdAfter=2024-02-01&createdBefore=2024-01-01", "unknown=1", "first=1&first=2"})
    void whenListParametersAreBadThenBadRequestWithDetails(String query) {
        http.get().uri("/api/v1/consumers?" + query).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("Validation failed")
                .jsonPath("$.details[0].field").exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "\"text\"", "{\"email\": 5}", "{\"email\": \"not-an-email\"}",
            "{\"phone\": \"0151 1234\"}", "{\"fullName\": \"nul\\u0000byte\"}", "{\"metadata\": [1]}",
            "{\"metadata\": {\"k\": \"\\u0000\"}}", "{\"admin\": true}", "{\"totalOrders\": 5}", "{\"id\": \"cons_x\"}",
            "{\"email\": \"a@b.co\"} trailing"})
    void whenBodyIsBadThenBadRequestAndNothingStored(String body) {
        http.post().uri("/api/v1/consumers").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").exists();
        assertThat(list("").get("data").size()).isZero();
    }

    @Test
    void whenStringsAreUnusualThenStoredVerbatim() {
        String name = "Robert'); DROP TABLE consumers;-- <script>alert(1)</script> مرحبا 👩‍💻 e\u0301";
        String id = create(context, Map.of("fullName", name)).get("id").stringValue();
        http.get().uri("/api/v1/consumers/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectBody().jsonPath("$.fullName").isEqualTo(name);
    }

    @Test
    void whenBodyIsTooLargeOrWrongTypeThenClientError() {
        String huge = "{\"fullName\": \"" + "x".repeat(2_000_000) + "\"}";
        http.post().uri("/api/v1/consumers").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(huge).exchange()
                .expectStatus().isEqualTo(413).expectBody().jsonPath("$.error").exists();
        http.post().uri("/api/v1/consumers").header(InternalContext.HEADER, context)
                .contentType(MediaType.TEXT_PLAIN).bodyValue("email=a@b.co").exchange()
                .expectStatus().isBadRequest();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cons_x", "exp_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "cons_01jd3q6z8wq0x5t9r2m4n7b1ce", "cons_81JD3Q6Z8WQ0X5T9R2M4N7B1CE"})
    void whenIdHasWrongShapeThenNotFound(String id) {
        http.get().uri("/api/v1/consumers/{id}", id).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Consumer not found");
    }

    @Test
    void whenRequestLacksTheGatewayContextThenUnauthorized() {
        http.get().uri("/api/v1/consumers").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("Authentication required");
        http.get().uri("/api/v1/consumers").header(InternalContext.HEADER, context.substring(0, context.length() - 3) + "abc")
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void whenBatchCreatesThenAllOrNothingWithPerIndexErrors() {
        create(context, Map.of("email", "taken@example.com"));
        http.post().uri("/api/v1/consumers/batch").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("consumers", List.of(Map.of("email", "new@example.com"), Map.of("email", "TAKEN@example.com"))))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[0].field").isEqualTo("consumers[1].email");
        http.post().uri("/api/v1/consumers/batch").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("email", "x@example.com"), Map.of("phone", "bad"), Map.of("email", "X@example.com")))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details.length()").isEqualTo(2)
                .jsonPath("$.details[0].field").isEqualTo("consumers[1].phone")
                .jsonPath("$.details[1].field").isEqualTo("consumers[2].email");
        assertThat(list("").get("data").size()).isEqualTo(1);

        List<Map<String, String>> many = IntStream.range(0, 500).mapToObj(i -> Map.of("email", "user" + i + "@example.com")).toList();
        http.post().uri("/api/v1/consumers/batch").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(many).exchange()
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.data.length()").isEqualTo(500)
                .jsonPath("$.data[499].email").isEqualTo("user499@example.com");
        List<Map<String, String>> tooMany = IntStream.range(0, 501).mapToObj(i -> Map.of("fullName", "n" + i)).toList();
        http.post().uri("/api/v1/consumers/batch").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(tooMany).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].message").isEqualTo("Max batch size is 500");
    }

    @Test
    void whenBatchUpdatesThenAllOrNothing() {
        String a = create(context, Map.of("fullName", "A")).get("id").stringValue();
        String b = create(context, Map.of("fullName", "B")).get("id").stringValue();
        http.put().uri("/api/v1/consumers/batch").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("id", a, "fullName", "A2"), Map.of("id", Ids.newId("cons"), "fullName", "ghost")))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[0].field").isEqualTo("consumers[1].id");
        http.put().uri("/api/v1/consumers/batch").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("id", a, "fullName", "A2"), Map.of("id", b, "email", "b@example.com")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data[0].fullName").isEqualTo("A2")
                .jsonPath("$.data[1].email").isEqualTo("b@example.com")
                .jsonPath("$.data[1].fullName").isEqualTo("B");
    }

    private JsonNode create(String contextHeader, Map<String, ?> body) {
        return http.post().uri("/api/v1/consumers").header(InternalContext.HEADER, contextHeader)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode list(String query) {
        return http.get().uri("/api/v1/consumers?" + query).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode search(String term) {
        return http.get().uri("/api/v1/consumers?search={term}", term).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> names(JsonNode page) {
        return page.get("data").valueStream().map(row -> row.get("fullName").stringValue()).toList();
    }
}
