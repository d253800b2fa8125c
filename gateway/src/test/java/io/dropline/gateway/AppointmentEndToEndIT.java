package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * An appointment end to end, through the real gateway to real consumer-service and experiences-service processes: a
 * merchant creates a location and an experience with an appointment, a shopper (guest session) reads the slots with
 * the publishable key, books, reschedules, sees the booking in {@code /consumers/me}, the merchant sees the attendee,
 * and the shopper cancels.
 */
class AppointmentEndToEndIT extends SharedMeshEndToEnd {

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    Tenants.Tenant shop;

    @BeforeAll
    void tenant() {
        shop = Tenants.create(context, "e2e-appointment");
    }

    @Test
    void whenAShopperBooksReschedulesAndCancelsThenEveryStepIsSeenThroughTheGateway() {
        Map<String, Object> week = new HashMap<>();
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            week.put(day, List.of(Map.of("open", "00:00", "close", "24:00")));
        }
        String location = server("/api/v1/locations", Map.of("name", "Flagship", "timeZone", "Europe/Berlin", "operatingHours", week))
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
        // A publishable key cannot manage locations: that is the Admin API.
        http.post().uri("/api/v1/locations").header("X-Publishable-Key", shop.livePublishable()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "X")).exchange().expectStatus().isUnauthorized();
        JsonNode experience = server("/api/v1/experiences", Map.of("name", "Fittings", "sequence", Map.of("name", "General",
                "appointments", List.of(Map.of("name", "Fitting", "locationId", location, "slotDurationMinutes", 30, "bufferMinutes", 10,
                        "maxCapacityPerSlot", 2, "supportsGuest", true)))))
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String appointment = http.get().uri("/api/v1/appointments?experienceId={id}", experience.get("id").stringValue())
                .header("Authorization", "Bearer " + shop.liveSecret()).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().at("/data/0/id").stringValue();

        http.get().uri("/api/v1/appointments/{id}", appointment).header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.timeZone").isEqualTo("Europe/Berlin").jsonPath("$.metadata").doesNotExist();
        String day = LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(2).toString();
        JsonNode slots = http.get().uri("/api/v1/appointments/{id}/slots?startDate={d}&endDate={d}", appointment, day, day)
                .header("X-Publishable-Key", shop.livePublishable()).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("slots");
        assertThat(slots.size()).isGreaterThanOrEqualTo(30);
        String first = slots.get(0).get("id").stringValue();
        String later = slots.get(3).get("id").stringValue();

        String token = guest();
        JsonNode booked = consumer("/api/v1/appointments/" + appointment + "/book", Map.of("slotId", first), token)
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(booked.get("status").stringValue()).isEqualTo("BOOKED");
        JsonNode moved = consumer("/api/v1/appointments/" + appointment + "/reschedule", Map.of("newSlotId", later), token)
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(moved.get("previousSlotId").stringValue()).isEqualTo(first);
        assertThat(moved.get("confirmationCode").stringValue()).isEqualTo(booked.get("confirmationCode").stringValue());
        http.get().uri("/api/v1/appointments/{id}/me", appointment).header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.booking.slotId").isEqualTo(later);
        JsonNode me = http.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(me.at("/active/appointments/" + appointment + "/booking/slotId").asString("")).as(me.toString()).isEqualTo(later);

        JsonNode attendees = http.get().uri("/api/v1/appointments/{id}/slots/{slot}/attendees", appointment, later)
                .header("Authorization", "Bearer " + shop.liveSecret()).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("data");
        assertThat(attendees).hasSize(1);
        assertThat(attendees.get(0).get("consumerId").stringValue()).isEqualTo(me.get("id").stringValue());
        // The attendees are the Admin API's: a publishable key gets nothing.
        http.get().uri("/api/v1/appointments/{id}/slots/{slot}/attendees", appointment, later)
                .header("X-Publishable-Key", shop.livePublishable()).exchange().expectStatus().isUnauthorized();

        http.post().uri("/api/v1/appointments/{id}/cancel", appointment).header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
    }

    private String guest() {
        JsonNode bundle = http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        return bundle.get("accessToken").stringValue();
    }

    private WebTestClient.ResponseSpec consumer(String path, Map<String, ?> body, String token) {
        return http.post().uri(path).header("X-Publishable-Key", shop.livePublishable()).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec server(String path, Map<String, ?> body) {
        return http.post().uri(path).header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
