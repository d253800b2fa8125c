package io.dropline.experiences.access.appointment;

import io.dropline.contracts.error.FieldError;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A location's week: per weekday, the local intervals it is open ({@code {"monday": [{"open": "09:00", "close":
 * "17:00"}], …}}; a missing or empty day is closed), and its holidays (local dates without slots). Read from a body
 * with every problem reported at its field, and stored as the same JSON.
 */
record OperatingHours(Map<DayOfWeek, List<Interval>> week, Set<LocalDate> holidays) {

    static final int MAX_INTERVALS_PER_DAY = 8;
    static final int MAX_HOLIDAYS = 1000;

    /** One open interval of a day, local times, {@code open} before {@code close} (a day ends at 24:00 written "24:00"). */
    record Interval(LocalTime open, LocalTime close, boolean untilMidnight) {

        /** Minutes from the day's start to the close (1440 for 24:00). */
        int closeMinute() {
            return untilMidnight ? 24 * 60 : close.getHour() * 60 + close.getMinute();
        }

        int openMinute() {
            return open.getHour() * 60 + open.getMinute();
        }
    }

    List<Interval> on(DayOfWeek day) {
        return week.getOrDefault(day, List.of());
    }

    // ---- Reading a body ---------------------------------------------------------------------------------------

    /** The week a valid {@code operatingHours} object states; call after {@link #weekProblems} found none. */
    static Map<DayOfWeek, List<Interval>> weekOf(JsonNode node) {
        Map<DayOfWeek, List<Interval>> week = new EnumMap<>(DayOfWeek.class);
        for (Map.Entry<String, JsonNode> day : node.properties()) {
            List<Interval> intervals = new ArrayList<>();
            for (JsonNode interval : day.getValue()) {
                String close = interval.get("close").stringValue();
                intervals.add(new Interval(LocalTime.parse(interval.get("open").stringValue()),
                        close.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(close), close.equals("24:00")));
            }
            intervals.sort(Comparator.comparingInt(Interval::openMinute));
            week.put(DayOfWeek.valueOf(day.getKey().toUpperCase(Locale.ROOT)), List.copyOf(intervals));
        }
        return week;
    }

    /** Problems of an {@code operatingHours} value at {@code field}: days, HH:mm times, open before close, no overlaps. */
    static List<FieldError> weekProblems(JsonNode node, String field) {
        List<FieldError> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            problems.add(new FieldError(field, "Must be an object of weekdays (monday … sunday) to arrays of {open, close}"));
            return problems;
        }
        for (Map.Entry<String, JsonNode> day : node.properties()) {
            String at = field + "." + day.getKey();
            if (!dayName(day.getKey())) {
                problems.add(new FieldError(at, "Must be a weekday: monday, tuesday, wednesday, thursday, friday, saturday or sunday"));
                continue;
            }
            if (!day.getValue().isArray() || day.getValue().size() > MAX_INTERVALS_PER_DAY) {
                problems.add(new FieldError(at, "Must be an array of at most " + MAX_INTERVALS_PER_DAY + " intervals {open, close}"));
                continue;
            }
            List<int[]> spans = new ArrayList<>();
            for (int i = 0; i < day.getValue().size(); i++) {
                JsonNode interval = day.getValue().get(i);
                String here = at + "[" + i + "]";
                if (!interval.isObject() || interval.size() != 2 || !interval.has("open") || !interval.has("close")) {
                    problems.add(new FieldError(here, "Must be an object {open, close} of local times HH:mm"));
                    continue;
                }
                Integer open = minute(interval.get("open"), false);
                Integer close = minute(interval.get("close"), true);
                if (open == null) {
                    problems.add(new FieldError(here + ".open", "Must be a local time HH:mm, e.g. 09:00"));
                }
                if (close == null) {
                    problems.add(new FieldError(here + ".close", "Must be a local time HH:mm (or 24:00), e.g. 17:00"));
                }
                if (open != null && close != null) {
                    if (close <= open) {
                        problems.add(new FieldError(here + ".close", "Must be later than open"));
                    } else {
                        spans.add(new int[] {open, close, i});
                    }
                }
            }
            spans.sort(Comparator.comparingInt(span -> span[0]));
            for (int i = 1; i < spans.size(); i++) {
                if (spans.get(i)[0] < spans.get(i - 1)[1]) {
                    problems.add(new FieldError(at + "[" + spans.get(i)[2] + "]", "Must not overlap another interval of the day"));
                }
            }
        }
        return problems;
    }

    /** The holidays a valid {@code holidays} array states. */
    static Set<LocalDate> holidaysOf(JsonNode node) {
        Set<LocalDate> dates = new TreeSet<>();
        if (node != null && node.isArray()) {
            node.forEach(date -> dates.add(LocalDate.parse(date.stringValue())));
        }
        return dates;
    }

    static List<FieldError> holidayProblems(JsonNode node, String field) {
        if (node == null || !node.isArray() || node.size() > MAX_HOLIDAYS) {
            return List.of(new FieldError(field, "Must be an array of at most " + MAX_HOLIDAYS + " local dates YYYY-MM-DD"));
        }
        List<FieldError> problems = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (localDate(node.get(i)) == null) {
                problems.add(new FieldError(field + "[" + i + "]", "Must be a local date YYYY-MM-DD, e.g. 2030-12-25"));
            }
        }
        return problems;
    }

    // ---- Stored form ------------------------------------------------------------------------------------------

    static String weekJson(Map<DayOfWeek, List<Interval>> week) {
        ObjectNode node = JsonMapper.shared().createObjectNode();
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Interval> intervals = week.get(day);
            if (intervals == null || intervals.isEmpty()) {
                continue;
            }
            ArrayNode array = node.putArray(day.name().toLowerCase(Locale.ROOT));
            for (Interval interval : intervals) {
                ObjectNode item = array.addObject();
                item.put("open", interval.open().toString());
                item.put("close", interval.untilMidnight() ? "24:00" : interval.close().toString());
            }
        }
        return node.toString();
    }

    static String holidaysJson(Set<LocalDate> holidays) {
        ArrayNode array = JsonMapper.shared().createArrayNode();
        holidays.stream().sorted().forEach(date -> array.add(date.toString()));
        return array.toString();
    }

    static OperatingHours fromJson(String weekJson, String holidaysJson) {
        JsonMapper mapper = JsonMapper.shared();
        return new OperatingHours(weekOf(mapper.readTree(weekJson)), holidaysOf(mapper.readTree(holidaysJson)));
    }

    /** The week as JSON for responses, days in calendar order. */
    static Map<String, List<Map<String, String>>> view(Map<DayOfWeek, List<Interval>> week) {
        Map<String, List<Map<String, String>>> view = new LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Interval> intervals = week.get(day);
            if (intervals != null && !intervals.isEmpty()) {
                view.put(day.name().toLowerCase(Locale.ROOT), intervals.stream()
                        .map(interval -> Map.of("open", interval.open().toString(),
                                "close", interval.untilMidnight() ? "24:00" : interval.close().toString()))
                        .toList());
            }
        }
        return view;
    }

    // ---- Helpers ------------------------------------------------------------------------------------------------

    private static boolean dayName(String name) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().toLowerCase(Locale.ROOT).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Minutes since midnight of an "HH:mm" string (24:00 allowed as a close); null when it is not one. */
    private static Integer minute(JsonNode node, boolean close) {
        if (node == null || !node.isString()) {
            return null;
        }
        String text = node.stringValue();
        if (close && text.equals("24:00")) {
            return 24 * 60;
        }
        if (!text.matches("\\d{2}:\\d{2}")) {
            return null;
        }
        try {
            LocalTime time = LocalTime.parse(text);
            return time.getHour() * 60 + time.getMinute();
        } catch (DateTimeParseException invalid) {
            return null;
        }
    }

    static LocalDate localDate(JsonNode node) {
        if (node == null || !node.isString() || !node.stringValue().matches("\\d{4}-\\d{2}-\\d{2}")) {
            return null;
        }
        try {
            return LocalDate.parse(node.stringValue());
        } catch (DateTimeParseException invalid) {
            return null;
        }
    }
}
