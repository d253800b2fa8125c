package io.dropline.consumer.session;

/** {@code GET /internal/sessions/{id}/revocation}: whether the session's tokens must be refused. */
record SessionRevocationResponse(String sessionId, boolean revoked) {
}
