package io.dropline.experiences.spotlight.tour;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tour row: its working definition, lifecycle status and the number of its latest published version (0 = never).
 * {@code hasUnpublishedChanges} compares the working definition with that version's snapshot.
 */
record TourEntity(String id, String status, ObjectNode definition, int version, boolean hasUnpublishedChanges,
        Instant createdAt, Instant updatedAt, Instant publishedAt, Instant archivedAt) {

    boolean archived() {
        return "archived".equals(status);
    }

    int stepCount() {
        return definition.path("steps").size();
    }
}
