package io.dropline.consumer.session;

import io.dropline.consumer.consumer.ConsumerProfile;
import java.time.Instant;

/**
 * What a sign-in (guest, external exchange) or a refresh answers: the session, a fresh access token and a fresh
 * refresh token (shown once).
 */
record SessionBundle(SessionView session, String accessToken, String refreshToken, long refreshTokenTtlSeconds,
        Instant accessTokenExpiresAt) {

    /** {@code email}/{@code phone} are present for authenticated consumers that have them. */
    record SessionView(String type, String consumerId, String sessionId, Instant expiresAt, String email, String phone) {

        static SessionView from(SessionEntity session, ConsumerProfile consumer) {
            return new SessionView(session.type().wire(), SessionIds.consumer(session.consumerId()),
                    SessionIds.session(session.id()), session.expiresAt(), consumer.email(), consumer.phone());
        }
    }
}
