package io.dropline.experiences.access.metrics;

import java.time.Instant;
import java.util.Map;

/** The contract's answer: who answered, when, and each measure's number. */
record MetricsResponse(String source, Instant at, Map<String, Number> values) {
}
