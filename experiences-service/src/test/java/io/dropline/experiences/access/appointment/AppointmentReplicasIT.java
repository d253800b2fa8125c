package io.dropline.experiences.access.appointment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.queue.AdminCalls;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The invariants of appointments with two instances of experiences-service on one database (this test's own and the
 * packaged jar as a separate process, both running timers): a slot is never booked beyond its capacity, a consumer
 * holds one booking, a reschedule race never holds two seats, and each reminder is sent once.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dropline.distribution.timers.poll-interval=50ms")
@AutoConfigureWebTestClient(timeout = "20s")
class AppointmentReplicasIT {

    static String database;
    static String namespace;
    static ServiceProcess other;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = TestInfra.freshDatabase("experiences");
        namespace = TestInfra.freshRedisNamespace();
        TestInfra.registerService(registry, "experiences", database, namespace);
    }

    @AfterAll
    static void stopOther() {
        if (other != null) {
            other.close();
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @LocalServerPort
    int port;

    UUID org;
    AdminCalls api;
    String sequenceId;
    String locationId;
    List<WebClient> instances;

    @BeforeEach
    void twoInstances() {
        if (other == null || !other.isAlive()) {
            // Started after this instance migrated the database, so the two never race on Flyway.
            other = ServiceProcess.start("experiences-service", database, namespace, TestInfra.redis(),
                    List.of("--dropline.distribution.timers.poll-interval=50ms"));
        }
        org = UUID.randomUUID();
        api = new AdminCalls(http, db, TestContexts.admin(org));
        String experienceId = api.post("/api/v1/experiences", Map.of("name", "Fittings")).get("id").stringValue();
        sequenceId = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "General")).get("id").stringValue();
        Map<String, Object> week = new HashMap<>();
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            week.put(day, List.of(Map.of("open", "00:00", "close", "24:00")));
        }
        locationId = api.post("/api/v1/locations", Map.of("name", "Flagship", "timeZone", "Europe/Berlin", "operatingHours", week))
                .get("id").stringValue();
        instances = List.of(WebClient.create("http://127.0.0.1:" + port), WebClient.create(other.baseUrl()));
    }

    private String appointment(int capacity) {
        return api.post("/api/v1/appointments", Map.of("sequenceId", sequenceId, "name", "Fitting", "locationId", locationId,
                "slotDurationMinutes", 60, "maxCapacityPerSlot", capacity)).get("id").stringValue();
    }

    private List<String> slotIds(String id) {
        String day = LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(2).toString();
        List<String> ids = new ArrayList<>();
        api.get("/api/v1/appointments/" + id + "/slots?startDate=" + day + "&endDate=" + day).get("slots")
                .forEach(slot -> ids.add(slot.get("id").stringValue()));
        return ids;
    }

    private List<Integer> race(String id, String action, List<String> consumers, List<Map<String, String>> bodies) {
        return Flux.range(0, consumers.size())
                .flatMap(i -> instances.get(i % 2).post().uri("/api/v1/appointments/{id}/" + action, id)
                        .header(InternalContext.HEADER, consumers.get(i)).contentType(MediaType.APPLICATION_JSON).bodyValue(bodies.get(i))
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 40)
                .collectList().block(Duration.ofSeconds(90));
    }

    private long count(String sql, Object id) {
        return db.sql(sql).bind("id", id).map(row -> ((Number) row.get(0)).longValue()).one().block(Duration.ofSeconds(10));
    }

    @Test
    void whenTwoHundredConsumersRaceForASlotOfThreeOnTwoInstancesThenExactlyThreeBook() {
        String id = appointment(3);
        UUID uuid = Ids.parse("appt", id).orElseThrow();
        String slot = slotIds(id).get(5);
        List<String> consumers = IntStream.range(0, 200).mapToObj(i -> TestContexts.consumer(org, UUID.randomUUID())).toList();
        long started = System.nanoTime();
        List<Integer> statuses = race(id, "book", consumers, consumers.stream().map(c -> Map.of("slotId", slot)).toList());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(3);
        assertThat(count("SELECT count(*) FROM appointment_bookings WHERE appointment_id = :id AND status = 'BOOKED'", uuid)).isEqualTo(3);
        assertThat(count("SELECT booked FROM appointment_slots WHERE appointment_id = :id", uuid)).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'appointment.booked' AND aggregate_id = :id", id)).isEqualTo(3);
        System.out.printf("appointments: 200 bookings raced on 2 instances for capacity 3 in %d ms%n", millis);
    }

    @Test
    void whenOneConsumerBooksManySlotsAtOnceThenOneBookingAndOneSeatRemain() {
        String id = appointment(5);
        UUID uuid = Ids.parse("appt", id).orElseThrow();
        List<String> slots = slotIds(id);
        String consumer = TestContexts.consumer(org, UUID.randomUUID());
        List<Integer> statuses = race(id, "book", IntStream.range(0, 20).mapToObj(i -> consumer).toList(),
                IntStream.range(0, 20).mapToObj(i -> Map.of("slotId", slots.get(i % 10))).toList());
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(statuses).filteredOn(status -> status != 201).containsOnly(409);
        assertThat(count("SELECT count(*) FROM appointment_bookings WHERE appointment_id = :id AND status = 'BOOKED'", uuid)).isEqualTo(1);
        assertThat(count("SELECT coalesce(sum(booked), 0) FROM appointment_slots WHERE appointment_id = :id", uuid)).isEqualTo(1);
    }

    @Test
    void whenBookedConsumersRaceToRescheduleIntoOneSeatThenOneMovesAndNobodyHoldsTwo() {
        String id = appointment(1);
        UUID uuid = Ids.parse("appt", id).orElseThrow();
        List<String> slots = slotIds(id);
        List<String> consumers = IntStream.range(0, 12).mapToObj(i -> TestContexts.consumer(org, UUID.randomUUID())).toList();
        // Twelve consumers each hold one of slots 0..11, then all want slot 20 (one seat), half through each instance.
        List<Integer> booked = race(id, "book", consumers, IntStream.range(0, 12).mapToObj(i -> Map.of("slotId", slots.get(i))).toList());
        assertThat(booked).containsOnly(201);
        List<Integer> moved = race(id, "reschedule", consumers, consumers.stream().map(c -> Map.of("newSlotId", slots.get(20))).toList());
        assertThat(moved).filteredOn(status -> status == 200).hasSize(1);
        assertThat(moved).filteredOn(status -> status != 200).containsOnly(409);
        assertThat(count("SELECT count(*) FROM appointment_bookings WHERE appointment_id = :id AND status = 'BOOKED'", uuid)).isEqualTo(12);
        assertThat(count("SELECT coalesce(sum(booked), 0) FROM appointment_slots WHERE appointment_id = :id", uuid)).isEqualTo(12);
        // Every slot's count is the number of its BOOKED rows, and none is above its capacity of one.
        assertThat(count("SELECT count(*) FROM appointment_slots s WHERE s.appointment_id = :id AND s.booked <> (SELECT count(*) FROM "
                + "appointment_bookings b WHERE b.appointment_id = s.appointment_id AND b.slot_start = s.start_at AND b.status = 'BOOKED')", uuid))
                .isZero();
        assertThat(count("SELECT coalesce(max(booked), 0) FROM appointment_slots WHERE appointment_id = :id", uuid)).isEqualTo(1);
    }

    @Test
    void whenTwoInstancesRunTheRemindersThenEachBookingIsRemindedOncePerKind() {
        String id = appointment(10);
        UUID uuid = Ids.parse("appt", id).orElseThrow();
        List<String> slots = slotIds(id);
        List<String> consumers = IntStream.range(0, 30).mapToObj(i -> TestContexts.consumer(org, UUID.randomUUID())).toList();
        race(id, "book", consumers, IntStream.range(0, 30).mapToObj(i -> Map.of("slotId", slots.get(i % 3))).toList());
        assertThat(count("SELECT count(*) FROM distribution_timers WHERE distribution_id = :id AND kind LIKE 'remind-%'", uuid)).isEqualTo(6);
        db.sql("UPDATE distribution_timers SET due_at = now() WHERE distribution_id = :id AND kind LIKE 'remind-%'").bind("id", uuid)
                .fetch().rowsUpdated().block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                count("SELECT count(*) FROM distribution_timers WHERE distribution_id = :id AND kind LIKE 'remind-%' AND done_at IS NULL", uuid))
                .isZero());
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'appointment.reminder' AND aggregate_id = :id", id)).isEqualTo(60);
        assertThat(count("SELECT count(DISTINCT (payload->>'bookingId') || '/' || (payload->>'reminder')) FROM outbox "
                + "WHERE type = 'appointment.reminder' AND aggregate_id = :id", id)).isEqualTo(60);
    }
}
