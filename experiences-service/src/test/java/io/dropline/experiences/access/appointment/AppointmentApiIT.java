package io.dropline.experiences.access.appointment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Appointments on one instance: locations and appointments through the Admin API, slots (across a daylight-saving
 * change), booking, rescheduling (a full new slot keeps the old booking), cancelling, attendees, reminders, tenant
 * isolation and bad input.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dropline.distribution.timers.poll-interval=100ms")
@AutoConfigureWebTestClient(timeout = "20s")
class AppointmentApiIT {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    UUID org;
    AdminCalls api;
    String experienceId;
    String sequenceId;

    @BeforeEach
    void newTenantWithASequence() {
        org = UUID.randomUUID();
        api = new AdminCalls(http, db, TestContexts.admin(org));
        experienceId = api.post("/api/v1/experiences", Map.of("name", "Fittings", "timeZone", "Europe/Berlin")).get("id").stringValue();
        sequenceId = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "General")).get("id").stringValue();
    }

    // ---- Fixtures ---------------------------------------------------------------------------------------------

    private static Map<String, Object> everyDay(String open, String close) {
        Map<String, Object> week = new HashMap<>();
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            week.put(day, List.of(Map.of("open", open, "close", close)));
        }
        return week;
    }

    private String location(String open, String close) {
        return api.post("/api/v1/locations", Map.of("name", "Flagship", "address", "Kurfürstendamm 1, Berlin", "timeZone", "Europe/Berlin",
                "operatingHours", everyDay(open, close))).get("id").stringValue();
    }

    private String appointment(String locationId, Object... pairs) {
        Map<String, Object> body = new HashMap<>(Map.of("sequenceId", sequenceId, "name", "Fitting", "locationId", locationId,
                "slotDurationMinutes", 60));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return api.post("/api/v1/appointments", body).get("id").stringValue();
    }

    private String consumer(UUID consumer) {
        return TestContexts.consumer(org, consumer);
    }

    /** Future slots (day after tomorrow in Berlin, always in the future) as a consumer sees them. */
    private List<JsonNode> futureSlots(String id) {
        String day = LocalDate.now(BERLIN).plusDays(2).toString();
        JsonNode slots = http.get().uri("/api/v1/appointments/{id}/slots?startDate={d}&endDate={d}", id, day, day)
                .header(InternalContext.HEADER, AdminCalls.consumerSurface(org)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("slots");
        List<JsonNode> list = new ArrayList<>();
        slots.forEach(list::add);
        return list;
    }

    private WebTestClient.ResponseSpec call(String method, String path, Object body, UUID consumer) {
        return api.send(method, path, body, consumer(consumer));
    }

    private JsonNode me(String id, UUID consumer) {
        return call("GET", "/api/v1/appointments/" + id + "/me", null, consumer).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("booking");
    }

    private long count(String sql) {
        return db.sql(sql).map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(10));
    }

    // ---- Locations --------------------------------------------------------------------------------------------

    @Test
    void locationsAreCreatedReadUpdatedListedAndNotDeletedWhileUsed() {
        JsonNode created = api.post("/api/v1/locations", Map.of("name", "Flagship", "timeZone", "Europe/Berlin",
                "operatingHours", Map.of("monday", List.of(Map.of("open", "09:00", "close", "12:00"), Map.of("open", "13:00", "close", "17:00"))),
                "holidays", List.of("2030-12-25")));
        String id = created.get("id").stringValue();
        assertThat(Ids.parse("loc", id)).isPresent();
        assertThat(created.get("operatingHours").get("monday")).hasSize(2);
        assertThat(created.get("holidays").get(0).stringValue()).isEqualTo("2030-12-25");
        JsonNode updated = api.put("/api/v1/locations/" + id, Map.of("address", "Unter den Linden 1", "holidays", List.of()));
        assertThat(updated.get("address").stringValue()).isEqualTo("Unter den Linden 1");
        assertThat(updated.get("holidays")).isEmpty();
        assertThat(updated.get("operatingHours").get("monday")).hasSize(2);
        assertThat(api.get("/api/v1/locations").get("data").get(0).get("id").stringValue()).isEqualTo(id);

        appointment(id);
        api.send("DELETE", "/api/v1/locations/" + id, null).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("LOCATION_IN_USE");
        String unused = location("09:00", "17:00");
        api.send("DELETE", "/api/v1/locations/" + unused, null).expectStatus().isOk().expectBody();
        api.send("GET", "/api/v1/locations/" + unused, null).expectStatus().isNotFound().expectBody();
    }

    @Test
    void badLocationBodiesAre400WithEveryProblemAndNothingStored() {
        api.send("POST", "/api/v1/locations", Map.of("name", "", "timeZone", "Mars/Olympus", "operatingHours",
                        Map.of("monday", List.of(Map.of("open", "18:00", "close", "09:00"))), "holidays", List.of("2030-13-01"), "colour", "red"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("Validation failed")
                .jsonPath("$.details[?(@.field == 'name')]").exists()
                .jsonPath("$.details[?(@.field == 'timeZone')]").exists()
                .jsonPath("$.details[?(@.field == 'operatingHours.monday[0].close')]").exists()
                .jsonPath("$.details[?(@.field == 'holidays[0]')]").exists()
                .jsonPath("$.details[?(@.field == 'colour')]").exists();
        api.send("POST", "/api/v1/locations", Map.of("name", "No hours")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[?(@.field == 'timeZone')]").exists()
                .jsonPath("$.details[?(@.field == 'operatingHours')]").exists();
        assertThat(api.get("/api/v1/locations").get("data")).isEmpty();
    }

    // ---- Appointments (admin) ---------------------------------------------------------------------------------

    @Test
    void appointmentsAreCreatedListedInTheDistributionsViewAndClosedOnesCannotChange() {
        String locationId = location("09:00", "17:00");
        String id = appointment(locationId, "bufferMinutes", 15, "maxCapacityPerSlot", 3, "metadata", Map.of("k", "v"));
        JsonNode read = api.get("/api/v1/appointments/" + id);
        assertThat(Ids.parse("appt", id)).isPresent();
        assertThat(read.get("locationId").stringValue()).isEqualTo(locationId);
        assertThat(read.get("slotDurationMinutes").intValue()).isEqualTo(60);
        assertThat(read.get("bufferMinutes").intValue()).isEqualTo(15);
        assertThat(read.get("maxCapacityPerSlot").intValue()).isEqualTo(3);
        assertThat(read.get("supportsGuest").booleanValue()).isFalse();
        assertThat(read.get("status").stringValue()).isEqualTo("OPEN");
        assertThat(api.get("/api/v1/appointments?sequenceId=" + sequenceId).get("data")).hasSize(1);
        assertThat(api.get("/api/v1/appointments?locationId=" + locationId).get("data")).hasSize(1);
        JsonNode listed = api.get("/api/v1/distributions?type=appointment").get("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("type").stringValue()).isEqualTo("appointment");
        assertThat(api.get("/api/v1/distributions/" + id).get("slotDurationMinutes").intValue()).isEqualTo(60);
        assertThat(api.get("/api/v1/experiences/" + experienceId + "?include=distributions").toString()).contains(id);

        assertThat(api.put("/api/v1/appointments/" + id, Map.of("maxCapacityPerSlot", 2)).get("maxCapacityPerSlot").intValue()).isEqualTo(2);
        api.put("/api/v1/appointments/" + id, Map.of("statusOverride", "ended"));
        api.send("PUT", "/api/v1/appointments/" + id, Map.of("name", "Again")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("DISTRIBUTION_CLOSED");
        api.send("DELETE", "/api/v1/appointments/" + id, null).expectStatus().isOk().expectBody();
        api.send("GET", "/api/v1/appointments/" + id, null).expectStatus().isNotFound().expectBody();
    }

    @Test
    void appointmentsAreCreatedNestedInSequencesAndExperiences() {
        String locationId = location("09:00", "17:00");
        JsonNode sequence = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "VIP",
                "appointments", List.of(Map.of("name", "A", "locationId", locationId, "slotDurationMinutes", 30))));
        assertThat(api.get("/api/v1/appointments?sequenceId=" + sequence.get("id").stringValue()).get("data")).hasSize(1);
        JsonNode experience = api.post("/api/v1/experiences", Map.of("name", "Nested", "sequence", Map.of("name", "S",
                "appointments", List.of(Map.of("name", "B", "locationId", locationId, "slotDurationMinutes", 45)))));
        assertThat(api.get("/api/v1/appointments?experienceId=" + experience.get("id").stringValue()).get("data")).hasSize(1);
        api.send("POST", "/api/v1/sequences", Map.of("experienceId", experienceId, "name", "Bad",
                        "appointments", List.of(Map.of("name", "C", "slotDurationMinutes", 2))))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[?(@.field == 'appointments[0].locationId')]").exists()
                .jsonPath("$.details[?(@.field == 'appointments[0].slotDurationMinutes')]").exists();
    }

    @Test
    void badAppointmentBodiesAre400AndAnotherTenantsLocationIs404() {
        api.send("POST", "/api/v1/appointments", Map.of("sequenceId", sequenceId, "name", "X", "locationId", "loc_nope",
                        "slotDurationMinutes", 0, "bufferMinutes", -1, "maxCapacityPerSlot", 0))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[?(@.field == 'locationId')]").exists()
                .jsonPath("$.details[?(@.field == 'slotDurationMinutes')]").exists()
                .jsonPath("$.details[?(@.field == 'bufferMinutes')]").exists()
                .jsonPath("$.details[?(@.field == 'maxCapacityPerSlot')]").exists();
        String foreign = new AdminCalls(http, db, TestContexts.admin(UUID.randomUUID())).post("/api/v1/locations", Map.of("name", "Theirs",
                "timeZone", "Europe/Berlin", "operatingHours", everyDay("09:00", "17:00"))).get("id").stringValue();
        api.send("POST", "/api/v1/appointments", Map.of("sequenceId", sequenceId, "name", "X", "locationId", foreign,
                "slotDurationMinutes", 30)).expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Location not found");
        assertThat(api.get("/api/v1/appointments").get("data")).isEmpty();
    }

    // ---- Slots ------------------------------------------------------------------------------------------------

    @Test
    void slotsFollowTheLocationsLocalHoursAcrossTheSpringChange() {
        String id = appointment(location("09:00", "17:00"), "maxCapacityPerSlot", 2);
        JsonNode slots = api.get("/api/v1/appointments/" + id + "/slots?startDate=2030-03-30&endDate=2030-04-01").get("slots");
        assertThat(slots).hasSize(24);
        assertThat(slots.get(0).get("startTime").stringValue()).isEqualTo("2030-03-30T09:00:00+01:00");
        assertThat(slots.get(8).get("startTime").stringValue()).isEqualTo("2030-03-31T09:00:00+02:00");
        assertThat(slots.get(23).get("endTime").stringValue()).isEqualTo("2030-04-01T17:00:00+02:00");
        assertThat(slots.get(0).get("capacity").intValue()).isEqualTo(2);
        assertThat(slots.get(0).get("available").intValue()).isEqualTo(2);
        assertThat(slots.get(0).get("booked").intValue()).isZero();
        assertThat(slots.get(0).get("timezone").stringValue()).isEqualTo("Europe/Berlin");
        // The same slots shown in New York time, with the same ids; the consumer's view has no booked count.
        JsonNode inNewYork = http.get().uri("/api/v1/appointments/{id}/slots?startDate=2030-03-30&endDate=2030-04-01&timezone=America/New_York", id)
                .header(InternalContext.HEADER, AdminCalls.consumerSurface(org)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("slots");
        assertThat(inNewYork.get(0).get("id").stringValue()).isEqualTo(slots.get(0).get("id").stringValue());
        assertThat(inNewYork.get(0).get("startTime").stringValue()).isEqualTo("2030-03-30T04:00:00-04:00");
        assertThat(inNewYork.get(0).has("booked")).isFalse();
    }

    @Test
    void badSlotQueriesAre400() {
        String id = appointment(location("09:00", "17:00"));
        api.send("GET", "/api/v1/appointments/" + id + "/slots?endDate=2030-01-01&timezone=Nowhere", null).expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.details[?(@.field == 'startDate')]").exists()
                .jsonPath("$.details[?(@.field == 'timezone')]").exists();
        api.send("GET", "/api/v1/appointments/" + id + "/slots?startDate=2030-02-01&endDate=2030-01-01", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("endDate");
        api.send("GET", "/api/v1/appointments/" + id + "/slots?startDate=2030-01-01&endDate=2030-12-31", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("endDate");
    }

    // ---- Booking, rescheduling, cancelling --------------------------------------------------------------------

    @Test
    void aBookingTakesASeatOnceAndTheSlotFillsUp() {
        String id = appointment(location("00:00", "24:00"), "maxCapacityPerSlot", 2);
        String slot = futureSlots(id).get(3).get("id").stringValue();
        UUID first = UUID.randomUUID();
        JsonNode booked = call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", slot), first).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(booked.get("status").stringValue()).isEqualTo("BOOKED");
        assertThat(booked.get("slotId").stringValue()).isEqualTo(slot);
        assertThat(booked.get("confirmationCode").stringValue()).hasSize(8);
        assertThat(booked.get("locationName").stringValue()).isEqualTo("Flagship");
        assertThat(me(id, first).get("bookingId").stringValue()).isEqualTo(booked.get("bookingId").stringValue());
        assertThat(futureSlots(id).get(3).get("available").intValue()).isEqualTo(1);

        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", futureSlots(id).get(4).get("id").stringValue()), first)
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("ALREADY_BOOKED");
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", slot), UUID.randomUUID()).expectStatus().isCreated().expectBody();
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", slot), UUID.randomUUID())
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("SLOT_FULL");
        assertThat(futureSlots(id).get(3).get("available").intValue()).isZero();
        assertThat(count("SELECT count(*) FROM appointment_bookings WHERE appointment_id = '" + Ids.parse("appt", id).orElseThrow()
                + "' AND status = 'BOOKED'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'appointment.booked' AND aggregate_id = '" + id + "'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'appointment.confirmed' AND aggregate_id = '" + id + "'")).isEqualTo(2);

        // The admin sees the two attendees and the count.
        JsonNode attendees = api.get("/api/v1/appointments/" + id + "/slots/" + slot + "/attendees").get("data");
        assertThat(attendees).hasSize(2);
        assertThat(attendees.get(0).get("consumerId").stringValue()).isEqualTo(Ids.format("cons", first));
        assertThat(api.get("/api/v1/distributions/" + id + "/consumers").get("data")).hasSize(2);
    }

    @Test
    void badBookingsAre4xxAndChangeNothing() {
        String id = appointment(location("00:00", "24:00"));
        UUID consumer = UUID.randomUUID();
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of(), consumer).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("slotId");
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", "slot_nope"), consumer).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("slotId");
        // A slot id of another appointment, and one off the schedule (a minute later than a real slot).
        String other = appointment(location("00:00", "24:00"));
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", futureSlots(other).get(0).get("id").stringValue()), consumer)
                .expectStatus().isBadRequest().expectBody();
        java.time.Instant start = java.time.OffsetDateTime.parse(futureSlots(id).get(0).get("startTime").stringValue()).toInstant();
        String offSchedule = AppointmentIds.slotId(Ids.parse("appt", id).orElseThrow(), start.plusSeconds(60));
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", offSchedule), consumer).expectStatus().isBadRequest().expectBody();
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", futureSlots(id).get(0).get("id").stringValue(), "locationId",
                location("09:00", "10:00")), consumer).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[0].field").isEqualTo("locationId");
        // Without a consumer token: 401; a guest: 403 (guests are refused unless supportsGuest).
        http.post().uri("/api/v1/appointments/{id}/book", id).header(InternalContext.HEADER, AdminCalls.consumerSurface(org))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("slotId", futureSlots(id).get(0).get("id").stringValue()))
                .exchange().expectStatus().isUnauthorized();
        api.send("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", futureSlots(id).get(0).get("id").stringValue()),
                TestContexts.consumer(org, Environment.LIVE, UUID.randomUUID(), true)).expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("GUEST_NOT_ALLOWED");
        assertThat(count("SELECT count(*) FROM appointment_bookings WHERE appointment_id = '" + Ids.parse("appt", id).orElseThrow() + "'"))
                .isZero();
        assertThat(me(id, consumer).isNull()).isTrue();
    }

    @Test
    void beforeOpeningABookingIs423WithRetryAfter() {
        String id = appointment(location("00:00", "24:00"), "openAt", java.time.Instant.now().plus(Duration.ofHours(1)).toString());
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", futureSlots(id).get(0).get("id").stringValue()), UUID.randomUUID())
                .expectStatus().isEqualTo(423).expectHeader().exists("Retry-After").expectBody()
                .jsonPath("$.code").isEqualTo("APPOINTMENT_NOT_OPEN");
    }

    @Test
    void aRescheduleMovesTheBookingAndAFullNewSlotKeepsTheOldOne() {
        String id = appointment(location("00:00", "24:00"), "maxCapacityPerSlot", 1);
        List<JsonNode> slots = futureSlots(id);
        String a = slots.get(2).get("id").stringValue();
        String b = slots.get(5).get("id").stringValue();
        String full = slots.get(7).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        String code = call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", a), consumer).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("confirmationCode").stringValue();
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", full), UUID.randomUUID()).expectStatus().isCreated().expectBody();

        JsonNode moved = call("POST", "/api/v1/appointments/" + id + "/reschedule", Map.of("newSlotId", b), consumer).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(moved.get("previousSlotId").stringValue()).isEqualTo(a);
        assertThat(moved.get("newSlotId").stringValue()).isEqualTo(b);
        assertThat(moved.get("confirmationCode").stringValue()).isEqualTo(code);
        assertThat(futureSlots(id).get(2).get("available").intValue()).isEqualTo(1);
        assertThat(futureSlots(id).get(5).get("available").intValue()).isZero();

        call("POST", "/api/v1/appointments/" + id + "/reschedule", Map.of("newSlotId", full), consumer).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SLOT_FULL");
        assertThat(me(id, consumer).get("slotId").stringValue()).isEqualTo(b);
        assertThat(me(id, consumer).get("status").stringValue()).isEqualTo("BOOKED");
        assertThat(futureSlots(id).get(5).get("available").intValue()).isZero();
        assertThat(futureSlots(id).get(7).get("available").intValue()).isZero();
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'appointment.rescheduled' AND aggregate_id = '" + id + "'")).isEqualTo(1);
        call("POST", "/api/v1/appointments/" + id + "/reschedule", Map.of("newSlotId", b), UUID.randomUUID()).expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("BOOKING_NOT_FOUND");
    }

    @Test
    void aCancelFreesTheSeatAndTheConsumerMayBookAgain() {
        String id = appointment(location("00:00", "24:00"));
        String slot = futureSlots(id).get(1).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", slot), consumer).expectStatus().isCreated().expectBody();
        JsonNode cancelled = call("POST", "/api/v1/appointments/" + id + "/cancel", Map.of("reason", "Cannot make it"), consumer)
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(cancelled.get("status").stringValue()).isEqualTo("CANCELLED");
        assertThat(me(id, consumer).get("status").stringValue()).isEqualTo("CANCELLED");
        assertThat(futureSlots(id).get(1).get("available").intValue()).isEqualTo(1);
        call("POST", "/api/v1/appointments/" + id + "/cancel", null, consumer).expectStatus().isNotFound().expectBody();
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", slot), consumer).expectStatus().isCreated().expectBody();
        assertThat(me(id, consumer).get("status").stringValue()).isEqualTo("BOOKED");
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'appointment.cancelled' AND aggregate_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void anAdminRemovesAnAttendeeAndTheSeatIsFreed() {
        String id = appointment(location("00:00", "24:00"));
        String slot = futureSlots(id).get(1).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", slot), consumer).expectStatus().isCreated().expectBody();
        JsonNode removed = api.send("DELETE", "/api/v1/appointments/" + id + "/slots/" + slot + "/attendees/" + Ids.format("cons", consumer), null)
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(removed.get("status").stringValue()).isEqualTo("REMOVED");
        assertThat(api.get("/api/v1/appointments/" + id + "/slots/" + slot + "/attendees").get("data")).isEmpty();
        assertThat(me(id, consumer).get("status").stringValue()).isEqualTo("REMOVED");
        assertThat(futureSlots(id).get(1).get("available").intValue()).isEqualTo(1);
        api.send("DELETE", "/api/v1/appointments/" + id + "/slots/" + slot + "/attendees/" + Ids.format("cons", consumer), null)
                .expectStatus().isNotFound().expectBody();
        api.send("GET", "/api/v1/appointments/" + id + "/slots/slot_nope/attendees", null).expectStatus().isNotFound().expectBody();
    }

    @Test
    void remindersAreSentOncePerBookingWhenTheirTimersComeDue() {
        String id = appointment(location("00:00", "24:00"), "maxCapacityPerSlot", 3);
        String slot = futureSlots(id).get(6).get("id").stringValue();
        for (int i = 0; i < 2; i++) {
            call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", slot), UUID.randomUUID()).expectStatus().isCreated().expectBody();
        }
        UUID uuid = Ids.parse("appt", id).orElseThrow();
        assertThat(count("SELECT count(*) FROM distribution_timers WHERE distribution_id = '" + uuid + "' AND kind LIKE 'remind-%'")).isEqualTo(2);
        // Time travel for the timers only: both reminders come due now.
        db.sql("UPDATE distribution_timers SET due_at = now() WHERE distribution_id = :id AND kind LIKE 'remind-%'").bind("id", uuid)
                .fetch().rowsUpdated().block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(count(
                "SELECT count(*) FROM outbox WHERE type = 'appointment.reminder' AND aggregate_id = '" + id + "'")).isEqualTo(4));
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'appointment.reminder' AND aggregate_id = '" + id
                + "' AND payload->>'reminder' = '24h'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM appointment_bookings WHERE appointment_id = '" + uuid
                + "' AND reminded_24h_at IS NOT NULL AND reminded_1h_at IS NOT NULL")).isEqualTo(2);
    }

    @Test
    void theConsumersBookingIsListedInTheirParticipations() {
        String id = appointment(location("00:00", "24:00"));
        UUID consumer = UUID.randomUUID();
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", futureSlots(id).get(1).get("id").stringValue()), consumer)
                .expectStatus().isCreated().expectBody();
        String internal = CODEC.sign(CODEC.create(org, Environment.LIVE, ApiSurface.INTERNAL, Principal.service("consumer-service"),
                "req-" + UUID.randomUUID()));
        JsonNode participations = http.get().uri("/internal/participations/{id}", Ids.format("cons", consumer))
                .header(InternalContext.HEADER, internal).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
        JsonNode active = participations.get("appointments").get(id);
        assertThat(active.get("status").stringValue()).isEqualTo("BOOKED");
        assertThat(active.get("sequenceId").stringValue()).isEqualTo(sequenceId);
        assertThat(active.get("booking").get("confirmationCode").stringValue()).hasSize(8);
    }

    // ---- Public view, routing and isolation -------------------------------------------------------------------

    @Test
    void thePublicViewAndTheExperienceShowTheAppointment() {
        String id = appointment(location("09:00", "17:00"));
        JsonNode view = http.get().uri("/api/v1/appointments/{id}", id).header(InternalContext.HEADER, AdminCalls.consumerSurface(org))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(view.get("timeZone").stringValue()).isEqualTo("Europe/Berlin");
        assertThat(view.get("slotDurationMinutes").intValue()).isEqualTo(60);
        assertThat(view.has("metadata")).isFalse();
        JsonNode experience = http.get().uri("/api/v1/experiences/{id}", experienceId).header(InternalContext.HEADER, AdminCalls.consumerSurface(org))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(experience.get("sequences").get(0).get("appointments").get(0).get("id").stringValue()).isEqualTo(id);
        JsonNode routed = api.send("POST", "/api/v1/experiences/" + experienceId + "/route", Map.of(), consumer(UUID.randomUUID()))
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(routed.get("outcome").stringValue()).isEqualTo("routed");
        assertThat(routed.get("selected").get("sequence").get("availability").stringValue()).isEqualTo("open");
    }

    @Test
    void anotherTenantsIdsAre404() {
        String locationId = location("00:00", "24:00");
        String id = appointment(locationId);
        String slot = futureSlots(id).get(0).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        call("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", slot), consumer).expectStatus().isCreated().expectBody();
        UUID other = UUID.randomUUID();
        for (String admin : List.of(TestContexts.admin(other), TestContexts.admin(org, Environment.TEST))) {
            for (String path : List.of("/api/v1/appointments/" + id, "/api/v1/locations/" + locationId,
                    "/api/v1/appointments/" + id + "/slots?startDate=2030-01-01&endDate=2030-01-02",
                    "/api/v1/appointments/" + id + "/slots/" + slot + "/attendees", "/api/v1/distributions/" + id)) {
                api.send("GET", path, null, admin).expectStatus().isNotFound().expectBody();
            }
            api.send("PUT", "/api/v1/appointments/" + id, Map.of("name", "Mine"), admin).expectStatus().isNotFound().expectBody();
            api.send("DELETE", "/api/v1/appointments/" + id + "/slots/" + slot + "/attendees/" + Ids.format("cons", consumer), null, admin)
                    .expectStatus().isNotFound().expectBody();
            api.send("DELETE", "/api/v1/locations/" + locationId, null, admin).expectStatus().isNotFound().expectBody();
        }
        for (String outsider : List.of(TestContexts.consumer(other, consumer), TestContexts.consumer(org, Environment.TEST, consumer, false))) {
            api.send("GET", "/api/v1/appointments/" + id + "/me", null, outsider).expectStatus().isNotFound().expectBody();
            api.send("POST", "/api/v1/appointments/" + id + "/cancel", null, outsider).expectStatus().isNotFound().expectBody();
            api.send("POST", "/api/v1/appointments/" + id + "/book", Map.of("slotId", slot), outsider).expectStatus().isNotFound().expectBody();
        }
        assertThat(me(id, consumer).get("status").stringValue()).isEqualTo("BOOKED");
        assertThat(api.get("/api/v1/appointments/" + id).get("name").stringValue()).isEqualTo("Fitting");
    }
}
