package io.dropline.experiences.spotlight.tour;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** An immutable published snapshot of a tour. */
record TourVersionEntity(String tourId, int version, ObjectNode definition, String source, Integer rolledBackFrom,
        Instant publishedAt, String publishedBy) {
}
