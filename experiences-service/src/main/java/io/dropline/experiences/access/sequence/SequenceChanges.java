package io.dropline.experiences.access.sequence;

import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.queue.Change;
import io.dropline.experiences.access.queue.JsonFields;
import io.dropline.experiences.access.queue.NewQueue;
import io.dropline.experiences.access.queue.QueueService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The fields of a sequence as one request states them: standalone create ({@code experienceId} required),
 * nested create (inside {@code POST /experiences}, with its {@code queues}) or partial update.
 */
record SequenceChanges(
        Change<UUID> experienceId,
        Change<String> name,
        Change<Integer> priority,
        Change<String> color,
        Change<UUID> audienceId,
        Change<String> accessCode,
        List<NewQueue> queues) {

    static final int MAX_PRIORITY = 1_000_000;
    static final int MAX_NESTED_QUEUES = 50;

    private static final Set<String> UPDATE = Set.of("name", "priority", "color", "audienceId", "accessCode");
    private static final Set<String> CREATE = Set.of("experienceId", "name", "priority", "color", "audienceId", "accessCode");
    private static final Set<String> NESTED = Set.of("name", "priority", "color", "audienceId", "accessCode", "queues");

    enum Mode { CREATE, NESTED_CREATE, UPDATE }

    /** {@code experienceZone} is the zone nested queues read local date-times in (nested create only; may be null). */
    static SequenceChanges parse(JsonNode node, String prefix, Mode mode, String experienceZone, List<FieldError> errors) {
        JsonFields fields = JsonFields.of(node, prefix, errors);
        fields.rejectUnknown(mode == Mode.CREATE ? CREATE : mode == Mode.UPDATE ? UPDATE : NESTED);
        Change<UUID> experienceId = Change.absent();
        if (mode == Mode.CREATE) {
            if (!fields.has("experienceId")) {
                fields.error("experienceId", "Required");
            }
            experienceId = fields.id("experienceId", "exp", false);
        }
        return new SequenceChanges(
                experienceId,
                fields.requiredText("name", 200, mode != Mode.UPDATE),
                fields.integer("priority", -MAX_PRIORITY, MAX_PRIORITY, false),
                fields.text("color", 32),
                fields.id("audienceId", "aud", true),
                fields.text("accessCode", 100),
                mode == Mode.NESTED_CREATE ? queues(fields, experienceZone, errors) : List.of());
    }

    private static List<NewQueue> queues(JsonFields fields, String experienceZone, List<FieldError> errors) {
        JsonNode array = fields.raw("queues");
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray() || array.size() > MAX_NESTED_QUEUES) {
            fields.error("queues", "Must be an array of at most " + MAX_NESTED_QUEUES + " queues");
            return List.of();
        }
        List<NewQueue> queues = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            queues.add(QueueService.parseNested(array.get(i), fields.path("queues") + "[" + i + "]", experienceZone, errors));
        }
        return queues;
    }
}
