package io.dropline.gateway.operator;

import java.time.Instant;

/**
 * A new operator session: the token, when it expires, and the operator page's URL with the token in its fragment
 * (a fragment is never sent to a server, so the token stays out of access logs).
 */
record OperatorSessionResponse(String token, String queueId, String sequenceId, Instant expiresAt, String url) {
}
