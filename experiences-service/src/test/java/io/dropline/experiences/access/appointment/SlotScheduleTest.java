package io.dropline.experiences.access.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.error.FieldError;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Slot generation in the location's zone, across daylight-saving changes, and the derived slot ids. */
class SlotScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static OperatingHours everyDay(String open, String close, Set<LocalDate> holidays) {
        StringBuilder json = new StringBuilder("{");
        for (DayOfWeek day : DayOfWeek.values()) {
            json.append(json.length() > 1 ? "," : "").append('"').append(day.name().toLowerCase()).append("\":[{\"open\":\"")
                    .append(open).append("\",\"close\":\"").append(close).append("\"}]");
        }
        json.append('}');
        assertThat(OperatingHours.weekProblems(JsonMapper.shared().readTree(json.toString()), "operatingHours")).isEmpty();
        return new OperatingHours(OperatingHours.weekOf(JsonMapper.shared().readTree(json.toString())), holidays);
    }

    private static List<Instant> starts(SlotSchedule schedule, LocalDate date) {
        return schedule.on(date).stream().map(SlotSchedule.SlotTime::start).toList();
    }

    @Test
    void walksFromOpenToCloseWithBufferAndKeepsOnlyWholeSlots() {
        SlotSchedule schedule = new SlotSchedule(BERLIN, everyDay("09:00", "12:00", Set.of()), Duration.ofMinutes(50), Duration.ofMinutes(10));
        // 09:00, 10:00, 11:00 (11:00-11:50 fits; the next would start at 12:00).
        assertThat(starts(schedule, LocalDate.parse("2030-06-12"))).containsExactly(
                Instant.parse("2030-06-12T07:00:00Z"), Instant.parse("2030-06-12T08:00:00Z"), Instant.parse("2030-06-12T09:00:00Z"));
        assertThat(schedule.on(LocalDate.parse("2030-06-12")).get(2).end()).isEqualTo(Instant.parse("2030-06-12T09:50:00Z"));

        SlotSchedule tight = new SlotSchedule(BERLIN, everyDay("09:00", "10:00", Set.of()), Duration.ofMinutes(45), Duration.ofMinutes(0));
        assertThat(tight.on(LocalDate.parse("2030-06-12"))).hasSize(1);
    }

    @Test
    void daytimeHoursStayAtTheirLocalTimesAcrossTheSpringChangeInBerlin() {
        SlotSchedule schedule = new SlotSchedule(BERLIN, everyDay("09:00", "17:00", Set.of()), Duration.ofMinutes(60), Duration.ZERO);
        // 2030-03-31 is the EU change (02:00 CET -> 03:00 CEST): before it 09:00 local is 08:00Z, after it 07:00Z.
        List<Instant> saturday = starts(schedule, LocalDate.parse("2030-03-30"));
        List<Instant> sunday = starts(schedule, LocalDate.parse("2030-03-31"));
        List<Instant> monday = starts(schedule, LocalDate.parse("2030-04-01"));
        assertThat(saturday).hasSize(8).startsWith(Instant.parse("2030-03-30T08:00:00Z")).endsWith(Instant.parse("2030-03-30T15:00:00Z"));
        assertThat(sunday).hasSize(8).startsWith(Instant.parse("2030-03-31T07:00:00Z")).endsWith(Instant.parse("2030-03-31T14:00:00Z"));
        assertThat(monday).hasSize(8).startsWith(Instant.parse("2030-04-01T07:00:00Z"));
        assertThat(schedule.between(LocalDate.parse("2030-03-30"), LocalDate.parse("2030-04-01"))).hasSize(24);
    }

    @Test
    void aNightIntervalHasTheRealLengthOfTheChangeDay() {
        SlotSchedule berlin = new SlotSchedule(BERLIN, everyDay("00:00", "06:00", Set.of()), Duration.ofMinutes(60), Duration.ZERO);
        // Spring: 02:00-03:00 does not exist, so six local hours are five real ones: 00, 01, 03, 04, 05 local.
        List<Instant> spring = starts(berlin, LocalDate.parse("2030-03-31"));
        assertThat(spring).containsExactly(Instant.parse("2030-03-30T23:00:00Z"), Instant.parse("2030-03-31T00:00:00Z"),
                Instant.parse("2030-03-31T01:00:00Z"), Instant.parse("2030-03-31T02:00:00Z"), Instant.parse("2030-03-31T03:00:00Z"));
        assertThat(spring.stream().map(start -> start.atZone(BERLIN).getHour()).toList()).containsExactly(0, 1, 3, 4, 5);
        // Autumn (2030-10-27): 02:00-03:00 happens twice: seven slots, two of them at 02:00 local with their own instants.
        List<Instant> autumn = starts(berlin, LocalDate.parse("2030-10-27"));
        assertThat(autumn).hasSize(7);
        assertThat(autumn.stream().map(start -> start.atZone(BERLIN).getHour()).toList()).containsExactly(0, 1, 2, 2, 3, 4, 5);
        assertThat(autumn).doesNotHaveDuplicates();
    }

    @Test
    void newYorkSpringChangeAndAnIntervalUntilMidnight() {
        // 2030-03-10: 02:00 EST -> 03:00 EDT. 20:00-24:00 is after the change: 00:00Z … 03:00Z next day, four slots.
        SlotSchedule evening = new SlotSchedule(NEW_YORK, everyDay("20:00", "24:00", Set.of()), Duration.ofMinutes(60), Duration.ZERO);
        assertThat(starts(evening, LocalDate.parse("2030-03-10"))).containsExactly(Instant.parse("2030-03-11T00:00:00Z"),
                Instant.parse("2030-03-11T01:00:00Z"), Instant.parse("2030-03-11T02:00:00Z"), Instant.parse("2030-03-11T03:00:00Z"));
        assertThat(starts(evening, LocalDate.parse("2030-03-09")).get(0)).isEqualTo(Instant.parse("2030-03-10T01:00:00Z"));
        SlotSchedule night = new SlotSchedule(NEW_YORK, everyDay("01:00", "04:00", Set.of()), Duration.ofMinutes(30), Duration.ZERO);
        assertThat(night.on(LocalDate.parse("2030-03-10"))).hasSize(4); // 01:00-04:00 local is two real hours that day
        assertThat(night.on(LocalDate.parse("2030-03-11"))).hasSize(6);
    }

    @Test
    void holidaysAndClosedDaysHaveNoSlots() {
        OperatingHours hours = new OperatingHours(Map.of(DayOfWeek.MONDAY, List.of(new OperatingHours.Interval(
                java.time.LocalTime.of(9, 0), java.time.LocalTime.of(10, 0), false))), Set.of(LocalDate.parse("2030-06-17")));
        SlotSchedule schedule = new SlotSchedule(BERLIN, hours, Duration.ofMinutes(30), Duration.ZERO);
        assertThat(schedule.on(LocalDate.parse("2030-06-10"))).hasSize(2); // a Monday
        assertThat(schedule.on(LocalDate.parse("2030-06-11"))).isEmpty(); // a Tuesday: closed
        assertThat(schedule.on(LocalDate.parse("2030-06-17"))).isEmpty(); // a Monday, but a holiday
    }

    @Test
    void slotIdsAreStableAndBelongToTheirAppointment() {
        UUID appointment = UUID.fromString("01900000-0000-7000-8000-000000000001");
        UUID other = UUID.fromString("01910000-0000-7000-8000-000000000001");
        Instant start = Instant.parse("2030-03-31T07:00:00Z");
        String id = AppointmentIds.slotId(appointment, start);
        assertThat(id).startsWith("slot_").isEqualTo(AppointmentIds.slotId(appointment, start));
        assertThat(AppointmentIds.slotStart(appointment, id)).contains(start);
        assertThat(AppointmentIds.slotStart(other, id)).isEmpty();
        assertThat(AppointmentIds.slotStart(appointment, "slot_nonsense")).isEmpty();
        SlotSchedule schedule = new SlotSchedule(BERLIN, everyDay("09:00", "17:00", Set.of()), Duration.ofMinutes(60), Duration.ZERO);
        assertThat(schedule.at(start)).isPresent();
        assertThat(schedule.at(start.plusSeconds(60))).isEmpty();
    }

    @Test
    void operatingHoursProblemsAreReportedAtTheirFields() {
        List<FieldError> problems = OperatingHours.weekProblems(JsonMapper.shared().readTree(
                "{\"monday\":[{\"open\":\"10:00\",\"close\":\"09:00\"}],\"funday\":[],"
                        + "\"tuesday\":[{\"open\":\"09:00\",\"close\":\"12:00\"},{\"open\":\"11:00\",\"close\":\"13:00\"}],"
                        + "\"friday\":[{\"open\":\"9\",\"close\":\"25:00\"}]}"), "operatingHours");
        assertThat(problems).extracting(FieldError::field).containsExactlyInAnyOrder("operatingHours.monday[0].close",
                "operatingHours.funday", "operatingHours.tuesday[1]", "operatingHours.friday[0].open", "operatingHours.friday[0].close");
        assertThat(OperatingHours.holidayProblems(JsonMapper.shared().readTree("[\"2030-02-30\", \"x\", \"2030-12-25\"]"), "holidays"))
                .extracting(FieldError::field).containsExactly("holidays[0]", "holidays[1]");
    }
}
