package io.dropline.experiences.access.appointment;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The slots of an appointment, computed (never stored): for each local date of the location, each open interval is
 * walked from its opening to its closing in slots of {@code slotDuration}, each followed by {@code buffer}.
 *
 * <p>The walk is in absolute time between the interval's two ends as instants ({@link ZonedDateTime#of} in the
 * location's zone), so a day with a daylight-saving change gets the slots that fit its real length: 09:00–17:00 is
 * always eight one-hour slots starting at 09:00 local, and a night interval 00:00–06:00 has five hours on the spring
 * change (02:00–03:00 does not exist) and seven on the autumn one (02:00–03:00 happens twice, each slot with its own
 * instant and id). A local time in the spring gap opens at the first instant after it (java.time's rule).
 */
record SlotSchedule(ZoneId zone, OperatingHours hours, Duration slotDuration, Duration buffer) {

    /** One slot: its start and end instants. */
    record SlotTime(Instant start, Instant end) {
    }

    /** The slots starting on the local dates {@code from} to {@code to} (both included), in time order. */
    List<SlotTime> between(LocalDate from, LocalDate to) {
        List<SlotTime> slots = new ArrayList<>();
        for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            slots.addAll(on(date));
        }
        return slots;
    }

    /** The slots of one local date: none on a holiday or a closed weekday. */
    List<SlotTime> on(LocalDate date) {
        if (hours.holidays().contains(date)) {
            return List.of();
        }
        List<SlotTime> slots = new ArrayList<>();
        for (OperatingHours.Interval interval : hours.on(date.getDayOfWeek())) {
            Instant open = ZonedDateTime.of(date, interval.open(), zone).toInstant();
            Instant close = interval.untilMidnight() ? ZonedDateTime.of(date.plusDays(1), LocalTime.MIDNIGHT, zone).toInstant()
                    : ZonedDateTime.of(date, interval.close(), zone).toInstant();
            for (Instant start = open; !start.plus(slotDuration).isAfter(close); start = start.plus(slotDuration).plus(buffer)) {
                slots.add(new SlotTime(start, start.plus(slotDuration)));
            }
        }
        return slots;
    }

    /** The slot starting at {@code start}, if the schedule has one (a slot starts inside its interval, so on its own local date). */
    Optional<SlotTime> at(Instant start) {
        LocalDate date = start.atZone(zone).toLocalDate();
        return on(date).stream().filter(slot -> slot.start().equals(start)).findFirst();
    }
}
