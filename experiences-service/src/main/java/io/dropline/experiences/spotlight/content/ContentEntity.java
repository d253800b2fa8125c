package io.dropline.experiences.spotlight.content;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** A content item row; its definition serves as is while the item is published (no version history). */
record ContentEntity(String id, String contentType, String status, ObjectNode definition, Instant createdAt, Instant updatedAt,
        Instant publishedAt, Instant archivedAt) {

    boolean archived() {
        return "archived".equals(status);
    }
}
