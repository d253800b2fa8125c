package io.dropline.consumer.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Consumer sessions and tokens ({@code dropline.consumer.sessions.*}).
 *
 * @param accessTokenTtl    lifetime of an ES256 access token; also how long a revoked session's id stays in Redis,
 *                          so the gateway's revocation check outlives every token of the session
 * @param refreshTokenTtl   lifetime of an opaque refresh token; the session slides forward with each refresh
 * @param exchangeCodeTtl   lifetime of a one-time external-auth exchange code (Fanfare: 60 s)
 * @param clockSkew         tolerance when this service verifies its own access tokens (logout)
 * @param redisTimeout      bound on each Redis command of the revocation cache
 * @param revocationCacheInterval how often each replica checks that the gateway's revocation cache is whole
 *                          (rebuilding it after Redis lost its data) and writes revocations whose write failed
 * @param guestBatchSize    the most guest sessions one group commit carries (GuestSessions)
 * @param guestBatchConcurrency the most guest-session batches committing at once, i.e. the pooled connections guest
 *                          sessions may hold together: a burst queues in memory for a slot instead of for the pool,
 *                          so it cannot starve the pool (whose acquire times out after 2 s) of the other routes' work.
 *                          One by default: while a batch commits and its tokens are signed the next one gathers,
 *                          and on a CPU-bound host concurrent statements only split a burst into smaller batches
 *                          (issue 16, 2 cores: 1 against 4 gave 2,788 against 1,875 sessions/s, PostgreSQL CPU per
 *                          session 73 against 188 µs; see docs/adr/0024)
 */
@ConfigurationProperties("dropline.consumer.sessions")
public record SessionProperties(
        @DefaultValue("1h") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("60s") Duration exchangeCodeTtl,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("500ms") Duration redisTimeout,
        @DefaultValue("1s") Duration revocationCacheInterval,
        @DefaultValue("64") int guestBatchSize,
        @DefaultValue("1") int guestBatchConcurrency) {
}
