package io.dropline.gateway.streamtoken;

import java.time.Instant;

/**
 * A minted stream token: {@code url} is the stream's absolute URL with the token in it, ready for
 * {@code new EventSource(url)}; the token opens that stream only, until {@code expiresAt}.
 */
record StreamTokenResponse(String token, Instant expiresAt, String url) {
}
