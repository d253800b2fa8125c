package io.dropline.experiences.access.queue;

import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.queue.JsonFields.Moment;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The fields of a queue as one request states them (create, nested create or partial update). Legacy names
 * ({@code admissionRate}, {@code maxCapacity}, {@code sessionDurationSeconds}) are accepted as aliases.
 * Date-times without an offset stay local until {@link #applyTo} knows the zone to read them in.
 */
record QueueChanges(
        Change<UUID> sequenceId,
        Change<String> name,
        Change<String> timeZone,
        Change<Moment> openAt,
        Change<Moment> closeAt,
        Change<Boolean> supportsGuest,
        Change<Integer> admitRate,
        Change<Integer> capacity,
        Change<Integer> maxAdmissions,
        Change<Integer> admissionExpirationSeconds,
        Change<Boolean> recycleExpiredSpots,
        Change<String> metadataJson,
        Change<String> statusOverride) {

    static final int MAX_ADMIT_RATE = 100_000;
    static final int MAX_COUNT = 100_000_000;
    static final int MAX_EXPIRATION_SECONDS = 7 * 24 * 3600;

    private static final Set<String> COMMON = Set.of("name", "timeZone", "openAt", "closeAt", "supportsGuest", "admitRate",
            "admissionRate", "capacity", "maxCapacity", "maxAdmissions", "admissionExpirationSeconds",
            "sessionDurationSeconds", "recycleExpiredSpots", "metadata");
    private static final Set<String> STANDALONE = union(COMMON, "sequenceId");
    private static final Set<String> UPDATE = union(COMMON, "statusOverride");

    enum Mode { CREATE, NESTED_CREATE, UPDATE }

    static QueueChanges parse(JsonNode node, String prefix, Mode mode, List<FieldError> errors) {
        JsonFields fields = JsonFields.of(node, prefix, errors);
        boolean creating = mode != Mode.UPDATE;
        fields.rejectUnknown(mode == Mode.CREATE ? STANDALONE : mode == Mode.UPDATE ? UPDATE : COMMON);
        Change<UUID> sequenceId = Change.absent();
        if (mode == Mode.CREATE) {
            if (!fields.has("sequenceId")) {
                fields.error("sequenceId", "Required");
            }
            sequenceId = fields.id("sequenceId", "seq", false);
        }
        String admitRateName = fields.either("admitRate", "admissionRate");
        if (creating && !fields.has(admitRateName)) {
            fields.error("admitRate", "Required");
        }
        return new QueueChanges(
                sequenceId,
                fields.requiredText("name", 200, creating),
                fields.zone("timeZone"),
                fields.moment("openAt"),
                fields.moment("closeAt"),
                fields.bool("supportsGuest"),
                fields.integer(admitRateName, 1, MAX_ADMIT_RATE, false),
                fields.integer(fields.either("capacity", "maxCapacity"), 1, MAX_COUNT, true),
                fields.integer("maxAdmissions", 1, MAX_COUNT, true),
                fields.integer(fields.either("admissionExpirationSeconds", "sessionDurationSeconds"), 1, MAX_EXPIRATION_SECONDS, true),
                fields.bool("recycleExpiredSpots"),
                fields.json("metadata"),
                statusOverride(fields));
    }

    private static Change<String> statusOverride(JsonFields fields) {
        Change<String> value = fields.text("statusOverride", 20);
        if (value.present() && value.value() != null && !value.value().equals("ended")) {
            fields.error("statusOverride", "Must be \"ended\" or null");
            return Change.absent();
        }
        return value;
    }

    /** The defaults a new queue starts from; name and admitRate are always given on create. */
    static QueueValues defaults() {
        return new QueueValues(null, null, null, null, true, 1, null, null, null, false, null);
    }

    /**
     * Merges these changes over {@code current}. Local date-times are read in the queue's time zone (as it will
     * be after this change), else {@code experienceZone}, else UTC.
     */
    QueueValues applyTo(QueueValues current, String experienceZone, String prefix, List<FieldError> errors) {
        String zoneName = timeZone.or(current.timeZone());
        ZoneId zone = zoneName != null ? ZoneId.of(zoneName) : experienceZone != null ? ZoneId.of(experienceZone) : ZoneOffset.UTC;
        Instant open = openAt.present() ? instant(openAt.value(), zone) : current.openAt();
        Instant close = closeAt.present() ? instant(closeAt.value(), zone) : current.closeAt();
        if (open != null && close != null && !close.isAfter(open)) {
            errors.add(new FieldError(prefix.isEmpty() ? "closeAt" : prefix + ".closeAt", "Must be later than openAt"));
        }
        return new QueueValues(name.or(current.name()), zoneName, open, close, supportsGuest.or(current.supportsGuest()),
                admitRate.or(current.admitRate()), capacity.or(current.capacity()), maxAdmissions.or(current.maxAdmissions()),
                admissionExpirationSeconds.or(current.admissionExpirationSeconds()),
                recycleExpiredSpots.or(current.recycleExpiredSpots()), metadataJson.or(current.metadataJson()));
    }

    private static Instant instant(Moment moment, ZoneId zone) {
        return moment == null ? null : moment.in(zone);
    }

    private static Set<String> union(Set<String> base, String extra) {
        java.util.HashSet<String> all = new java.util.HashSet<>(base);
        all.add(extra);
        return Set.copyOf(all);
    }
}
