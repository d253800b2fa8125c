package io.dropline.experiences.access.appointment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One slot of {@code GET /appointments/{id}/slots} (§8.4): its id, start and end (ISO-8601 with the offset of {@code timezone}
 * in force then: the query's zone, else the location's), its capacity and what is still {@code available}; the admin view adds
 * {@code booked}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SlotView(String id, String startTime, String endTime, int capacity, int available, Integer booked,
        String locationId, String locationName, String timezone) {

    /** {@code { slots: [...] }}. */
    record Slots(List<SlotView> slots) {
    }
}
