-- Idempotency keys of the Admin and Consumer APIs (docs/adr/0019-idempotency-keys.md): one row per key the
-- gateway has seen on a POST, scoped to the organization, the environment and the caller's scope ('admin' for every
-- secret key of that environment; 'consumer:cons_…' / 'guest:cons_…' for one shopper), so no two tenants and no two
-- shoppers ever share a key. A row is either in flight (held by one gateway under a lease that the holder renews
-- while the request runs, so a gateway killed mid-request frees the key within one lease) or completed (the first
-- answer below 500, replayed until expires_at).

CREATE TABLE idempotency_keys (
    organization_id  uuid        NOT NULL REFERENCES organizations (id),
    environment      text        NOT NULL CHECK (environment IN ('live', 'test')),
    scope            text        NOT NULL,
    idempotency_key  text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    -- SHA-256 of method, path (with query) and body: the same key with another request is refused.
    request_hash     bytea       NOT NULL,
    state            text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
    -- The in-flight holder's claim (a random id per attempt): only it may complete, release or renew the row.
    owner            uuid,
    locked_until     timestamptz,
    response_status  integer,
    -- The answer's headers that matter to a client (Content-Type, Location, …): {"Name": ["value", …]}.
    response_headers jsonb,
    -- NULL on a completed row: the answer was larger than the gateway stores, and is not replayed.
    response_body    bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    completed_at     timestamptz,
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (organization_id, environment, scope, idempotency_key),
    CHECK (state = 'completed' OR (owner IS NOT NULL AND locked_until IS NOT NULL)),
    CHECK (state = 'in_flight' OR response_status IS NOT NULL)
);

-- The sweep deletes expired keys oldest first.
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
