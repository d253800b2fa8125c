package io.dropline.experiences.access.line;

/** {@code { "consumerId": "cons_…" }}: the consumer a server-side action is about. */
record ConsumerAction(String consumerId) {
}
