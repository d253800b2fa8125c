-- A revoked session is a fact of PostgreSQL (consumer_sessions.revoked_at); Redis only caches it for the gateway.
-- revocation_cached_at is set once the cache holds the revocation. NULL on a revoked session means a Redis write
-- failed (or never happened): the revocation cache keeper writes it again.
ALTER TABLE consumer_sessions ADD COLUMN revocation_cached_at timestamptz;

-- Rebuilding the cache after Redis lost its data reads the revocations whose tokens may still be alive.
CREATE INDEX consumer_sessions_revoked ON consumer_sessions (revoked_at) WHERE revoked_at IS NOT NULL;

CREATE INDEX consumer_sessions_revocation_uncached ON consumer_sessions (revoked_at)
    WHERE revoked_at IS NOT NULL AND revocation_cached_at IS NULL;
