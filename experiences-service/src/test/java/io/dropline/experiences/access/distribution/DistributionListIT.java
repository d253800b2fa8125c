package io.dropline.experiences.access.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.queue.AdminCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /distributions} across two types: the queue and a test-only second type ({@code draw}, table
 * {@code test_draws}) registered as a bean and added to the {@code distributions} view here, as a real type's
 * migration would. Pages go forward and backward through both types in creation order, with the type and sequence
 * filters and their cursors; each type is asked once per page for its rows.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class DistributionListIT {

    /** The shared columns of the view (V7), in its order; the second branch selects them from the test type's table. */
    private static final String SHARED = "id, organization_id, environment, sequence_id, experience_id, %s::text AS type, name, "
            + "time_zone, open_at, close_at, supports_guest, status_override, created_at, updated_at";

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        // A database of its own: the view is re-created here with a branch no other test class has.
        TestInfra.registerService(registry, "experiences");
    }

    /**
     * A stand-in second type named "standin", with a table of its own that only this test's view lists: the type
     * names the list accepts are the registered types' (draws, the real second type, are tested in DrawApiIT).
     */
    @TestConfiguration
    static class SecondType {

        @Bean
        TestDraws testDraws(DatabaseClient db) {
            return new TestDraws(db);
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    TestDraws draws;

    AdminCalls api;
    UUID org;
    String experienceId;
    String sequenceId;
    String otherSequenceId;

    @BeforeEach
    void twoTypesInTheView() {
        db.sql("CREATE TABLE IF NOT EXISTS test_draws (id uuid PRIMARY KEY, organization_id uuid NOT NULL, environment text NOT NULL, "
                + "sequence_id uuid NOT NULL, experience_id uuid NOT NULL, name text NOT NULL, time_zone text, open_at timestamptz, "
                + "close_at timestamptz, supports_guest boolean NOT NULL DEFAULT true, status_override text, "
                + "created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)").then().block();
        db.sql("CREATE INDEX IF NOT EXISTS test_draws_by_created ON test_draws (organization_id, environment, created_at, id)")
                .then().block();
        db.sql("CREATE OR REPLACE VIEW distributions AS SELECT " + SHARED.formatted("'queue'") + " FROM queues "
                + "UNION ALL SELECT " + SHARED.formatted("'standin'") + " FROM test_draws").then().block();

        org = UUID.randomUUID();
        api = new AdminCalls(http, db, TestContexts.admin(org));
        experienceId = api.post("/api/v1/experiences", Map.of("name", "Drop")).get("id").stringValue();
        sequenceId = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "General")).get("id").stringValue();
        otherSequenceId = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "VIP")).get("id").stringValue();
    }

    @Test
    void whenTwoTypesAreListedThenOnePagedOrderAcrossBothForwardAndBackward() {
        // Creation order: d0 and q1 at the same instant (the id breaks the tie: d0's is the smallest uuid), then
        // alternating types; the last two in the other sequence. Another tenant's draw must never show.
        String d0 = draw(new UUID(0, 1), org, sequenceId, T.plusSeconds(1));
        String q1 = queue(sequenceId, T.plusSeconds(1));
        String d1 = draw(Ids.newUuid(), org, sequenceId, T.plusSeconds(2));
        String q2 = queue(sequenceId, T.plusSeconds(3));
        String d2 = draw(Ids.newUuid(), org, otherSequenceId, T.plusSeconds(4));
        String q3 = queue(otherSequenceId, T.plusSeconds(5));
        draw(Ids.newUuid(), UUID.randomUUID(), sequenceId, T.plusSeconds(2));

        assertThat(ids(api.get("/api/v1/distributions"))).containsExactly(q3, d2, q2, d1, q1, d0);

        int before = draws.calls.get();
        JsonNode first = api.get("/api/v1/distributions?sortDir=asc&first=2");
        assertThat(ids(first)).containsExactly(d0, q1);
        assertThat(types(first)).containsExactly("standin", "queue");
        assertThat(draws.calls.get() - before).isEqualTo(1);
        assertPageInfo(first, true, false);
        JsonNode second = api.get("/api/v1/distributions?sortDir=asc&first=2&after=" + end(first));
        assertThat(ids(second)).containsExactly(d1, q2);
        assertPageInfo(second, true, true);
        JsonNode third = api.get("/api/v1/distributions?sortDir=asc&first=2&after=" + end(second));
        assertThat(ids(third)).containsExactly(d2, q3);
        assertPageInfo(third, false, true);

        JsonNode back = api.get("/api/v1/distributions?sortDir=asc&last=2&before=" + start(third));
        assertThat(ids(back)).containsExactly(d1, q2);
        assertPageInfo(back, true, true);
        JsonNode start = api.get("/api/v1/distributions?sortDir=asc&last=2&before=" + start(back));
        assertThat(ids(start)).containsExactly(d0, q1);
        assertPageInfo(start, true, false);
        // Newest first (the default), the last four: the oldest four, still newest first.
        JsonNode oldest = api.get("/api/v1/distributions?last=4");
        assertThat(ids(oldest)).containsExactly(q2, d1, q1, d0);
        assertPageInfo(oldest, false, true);
        assertThat(ids(api.get("/api/v1/distributions?first=2&after=" + end(api.get("/api/v1/distributions?first=3")))))
                .containsExactly(d1, q1);
    }

    @Test
    void whenFilteredByTypeOrSequenceThenOnlyThoseRowsAndTheirCursorsStayWithTheirFilter() {
        String d0 = draw(Ids.newUuid(), org, sequenceId, T.plusSeconds(1));
        String q1 = queue(sequenceId, T.plusSeconds(2));
        String d1 = draw(Ids.newUuid(), org, otherSequenceId, T.plusSeconds(3));
        String q2 = queue(otherSequenceId, T.plusSeconds(4));
        String d2 = draw(Ids.newUuid(), org, sequenceId, T.plusSeconds(5));

        int before = draws.calls.get();
        assertThat(ids(api.get("/api/v1/distributions?type=queue&sortDir=asc"))).containsExactly(q1, q2);
        assertThat(draws.calls.get()).as("a page without draws does not ask the draws").isEqualTo(before);

        JsonNode drawsFirst = api.get("/api/v1/distributions?type=standin&sortDir=asc&first=2");
        assertThat(ids(drawsFirst)).containsExactly(d0, d1);
        JsonNode drawsNext = api.get("/api/v1/distributions?type=standin&sortDir=asc&first=2&after=" + end(drawsFirst));
        assertThat(ids(drawsNext)).containsExactly(d2);
        assertPageInfo(drawsNext, false, true);
        assertThat(ids(api.get("/api/v1/distributions?type=standin&sortDir=asc&last=2&before=" + start(drawsNext))))
                .containsExactly(d0, d1);
        // A cursor of the draws' list is refused by the queues' list, and by the unfiltered one.
        api.send("GET", "/api/v1/distributions?type=queue&sortDir=asc&first=2&after=" + end(drawsFirst), null)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("after");
        api.send("GET", "/api/v1/distributions?sortDir=asc&first=2&after=" + end(drawsFirst), null)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("after");

        assertThat(ids(api.get("/api/v1/distributions?sequenceId=" + otherSequenceId))).containsExactly(q2, d1);
        assertThat(ids(api.get("/api/v1/distributions?sequenceId=" + sequenceId + "&type=standin"))).containsExactly(d2, d0);
        assertThat(ids(api.get("/api/v1/distributions?experienceId=" + experienceId + "&createdAfter=" + T.plusSeconds(2)
                + "&sortDir=asc"))).containsExactly(d1, q2, d2);
        assertThat(ids(api.get("/api/v1/distributions?type=waitlist"))).isEmpty();
    }

    @Test
    void whenListedWithTheOtherTypeThenEachRowIsItsTypesOwnRow() {
        draw(Ids.newUuid(), org, sequenceId, T.plusSeconds(1));
        String q = queue(sequenceId, T.plusSeconds(2));

        JsonNode page = api.get("/api/v1/distributions?sortDir=asc");

        assertThat(page.get("data").get(1)).isEqualTo(api.get("/api/v1/distributions/" + q));
        JsonNode draw = page.get("data").get(0);
        assertThat(draw.propertyNames()).containsExactly("type", "id", "experienceId", "sequenceId", "name", "createdAt");
        assertThat(draw.get("type").stringValue()).isEqualTo("standin");
        assertThat(draw.get("sequenceId").stringValue()).isEqualTo(sequenceId);
    }

    @Test
    void whenTheTypeFilterNamesOneTypeThenThePlanReadsOnlyThatTypesTable() {
        String sql = "EXPLAIN SELECT type, id, created_at FROM distributions WHERE organization_id = :org AND environment = :env%s "
                + "AND (created_at, id) > (:at, :id) ORDER BY created_at ASC, id ASC LIMIT 3";
        String all = plan(sql.formatted(""));
        String queues = plan(sql.formatted(" AND type = 'queue'"));

        assertThat(all).contains("queues").contains("test_draws");
        assertThat(queues).contains("queues").doesNotContain("test_draws");
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    private String queue(String sequence, Instant createdAt) {
        String id = api.post("/api/v1/queues", Map.of("sequenceId", sequence, "name", "Q", "admitRate", 60)).get("id").stringValue();
        db.sql("UPDATE queues SET created_at = :at WHERE id = :id").bind("at", createdAt).bind("id", Ids.parse("queue", id).orElseThrow())
                .then().block();
        return id;
    }

    private String draw(UUID id, UUID organization, String sequence, Instant createdAt) {
        db.sql("INSERT INTO test_draws (id, organization_id, environment, sequence_id, experience_id, name, created_at, updated_at) "
                        + "VALUES (:id, :org, 'live', :seq, :exp, 'D', :at, :at)")
                .bind("id", id)
                .bind("org", organization)
                .bind("seq", Ids.parse("seq", sequence).orElseThrow())
                .bind("exp", Ids.parse("exp", experienceId).orElseThrow())
                .bind("at", createdAt)
                .then().block();
        return Ids.format("standin", id);
    }

    private String plan(String sql) {
        return String.join("\n", db.sql(sql).bind("org", org).bind("env", "live").bind("at", T).bind("id", new UUID(0, 0))
                .map(row -> row.get(0, String.class)).all().collectList().block());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(row -> ids.add(row.get("id").stringValue()));
        return ids;
    }

    private static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.get("data").forEach(row -> types.add(row.get("type").stringValue()));
        return types;
    }

    private static String start(JsonNode page) {
        return page.get("pageInfo").get("startCursor").stringValue();
    }

    private static String end(JsonNode page) {
        return page.get("pageInfo").get("endCursor").stringValue();
    }

    private static void assertPageInfo(JsonNode page, boolean hasNext, boolean hasPrevious) {
        assertThat(page.get("pageInfo").get("hasNextPage").booleanValue()).as("hasNextPage").isEqualTo(hasNext);
        assertThat(page.get("pageInfo").get("hasPreviousPage").booleanValue()).as("hasPreviousPage").isEqualTo(hasPrevious);
    }

    /** A draw as the test type shows it. */
    record DrawView(String id, String experienceId, String sequenceId, String name, Instant createdAt) implements DistributionView {
    }

    /** A second distribution type with nothing but admin rows in {@code test_draws}; counts its {@code findAll} calls. */
    static class TestDraws implements StubDistributionType {

        private static final String COLUMNS = "id, experience_id, sequence_id, name, created_at";

        final AtomicInteger calls = new AtomicInteger();
        private final DatabaseClient db;

        TestDraws(DatabaseClient db) {
            this.db = db;
        }

        @Override
        public String name() {
            return "standin";
        }

        @Override
        public String idPrefix() {
            return "standin";
        }

        @Override
        public Flux<DistributionView> findAll(InternalContext context, Collection<UUID> ids) {
            calls.incrementAndGet();
            return db.sql("SELECT " + COLUMNS + " FROM test_draws WHERE id = ANY(:ids) AND organization_id = :org AND environment = :env")
                    .bind("ids", ids.toArray(UUID[]::new))
                    .bind("org", context.organizationId())
                    .bind("env", context.environment().wire())
                    .map(row -> (DistributionView) new DrawView(Ids.format("standin", row.get("id", UUID.class)),
                            Ids.format("exp", row.get("experience_id", UUID.class)), Ids.format("seq", row.get("sequence_id", UUID.class)),
                            row.get("name", String.class), row.get("created_at", Instant.class)))
                    .all();
        }

        @Override
        public Mono<DistributionView> find(InternalContext context, UUID id) {
            return findAll(context, List.of(id)).next();
        }
    }
}
