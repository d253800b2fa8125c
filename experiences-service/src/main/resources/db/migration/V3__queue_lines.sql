-- The queue engine's record (design/waiting-room.md). PostgreSQL is the truth; Redis holds a rebuildable index.

-- One row per queue: the counters a join batch updates under the row lock (exact capacity, arrival numbers).
CREATE TABLE queue_lines (
    queue_id        uuid PRIMARY KEY REFERENCES queues (id) ON DELETE CASCADE,
    next_seq        bigint  NOT NULL DEFAULT 1,
    waiting         integer NOT NULL DEFAULT 0,
    admitted_total  integer NOT NULL DEFAULT 0
);

-- One row per (queue, consumer): arrival number, status and the grant.
CREATE TABLE queue_entries (
    queue_id         uuid        NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    consumer_id      uuid        NOT NULL,
    organization_id  uuid        NOT NULL,
    environment      text        NOT NULL,
    seq              bigint      NOT NULL,
    status           text        NOT NULL CHECK (status IN ('QUEUED', 'GRANTED', 'LEFT', 'COMPLETED', 'DENIED')),
    entered_at       timestamptz NOT NULL,
    dequeued_at      timestamptz,
    grant_id         uuid,
    granted_at       timestamptz,
    grant_expires_at timestamptz,
    completed_at     timestamptz,
    deny_reason      text,
    PRIMARY KEY (queue_id, consumer_id)
);
CREATE UNIQUE INDEX queue_entries_seq ON queue_entries (queue_id, seq);
CREATE INDEX queue_entries_waiting ON queue_entries (queue_id, seq) WHERE status = 'QUEUED';
CREATE INDEX queue_entries_granted ON queue_entries (grant_expires_at) WHERE status = 'GRANTED';
CREATE UNIQUE INDEX queue_entries_grant ON queue_entries (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX queue_entries_by_consumer ON queue_entries (consumer_id);

-- Transactional outbox (architecture.md, "Events"): written in the same transaction as the state change.
CREATE TABLE outbox (
    id              uuid PRIMARY KEY,
    type            text        NOT NULL,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    aggregate_type  text        NOT NULL,
    aggregate_id    text        NOT NULL,
    payload         jsonb       NOT NULL,
    occurred_at     timestamptz NOT NULL,
    published_at    timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (occurred_at) WHERE published_at IS NULL;

-- ES256 keys that sign admission grants; the JWKS publishes every key not retired, so keys rotate with
-- overlap. The private JWK is stored as is here; production deployments encrypt it at rest (KMS).
CREATE TABLE signing_keys (
    kid        text PRIMARY KEY,
    jwk        text        NOT NULL,
    created_at timestamptz NOT NULL,
    retired_at timestamptz
);
