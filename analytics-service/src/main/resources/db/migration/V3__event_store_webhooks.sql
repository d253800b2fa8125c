-- The event store (issue 13, docs/analytics.md, ADR 0013): every domain event from the bus, kept once.

-- One row per event, keyed by the event's uuid: a redelivery inserts nothing, and only the delivery that inserted
-- the row adds it to the rollups (same transaction), so counts stay exact under at-least-once delivery. The raw rows
-- serve webhook replays and audits; queries never scan them.
CREATE TABLE stored_events (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    type            text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    aggregate_type  text,
    aggregate_id    text,
    data            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    received_at     timestamptz NOT NULL
);
-- Webhook replays: one tenant's events of a time range, in order.
CREATE INDEX stored_events_by_time ON stored_events (organization_id, environment, occurred_at, id);

-- Time-bucketed rollups maintained as events arrive. One row per (tenant, environment, event type, field,
-- dimension, dimension value, grain, bucket):
--   field           ''  = the count row (n = events); otherwise a numeric data field (n = events carrying it,
--                   total/low/high = its sum/min/max), so count, sum, avg, min and max all come from here;
--   dimension       ''  = every event of the type (dimension_value ''); 'experience', 'sequence', 'distribution'
--                   or 'product' = the events naming that resource (the query's where/filters);
--   grain           'm' = 1-minute buckets, 'h' = 1-hour buckets (90-day queries with intervals of an hour or more).
-- The primary key is the only index: a query reads one contiguous range of it per measure and dimension value. It
-- carries the aggregates (INCLUDE), so that read is an index-only scan of a few leaf pages (2 160 hour rows for 90
-- days) instead of one heap page per row: rows of one key are written over months and never sit together in the heap.
CREATE TABLE event_rollups (
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    event_type      text        NOT NULL,
    field           text        NOT NULL,
    dimension       text        NOT NULL,
    dimension_value text        NOT NULL,
    grain           char(1)     NOT NULL CHECK (grain IN ('m', 'h')),
    bucket          timestamptz NOT NULL,
    n               bigint      NOT NULL,
    total           numeric     NOT NULL DEFAULT 0,
    low             numeric,
    high            numeric,
    PRIMARY KEY (organization_id, environment, event_type, field, dimension, dimension_value, grain, bucket)
        INCLUDE (n, total, low, high)
);

-- Webhook endpoints (reference §10.1), per organization and environment. The signing secret is kept so that it can
-- sign (HMAC needs the secret itself); it is returned once, on creation or rotation. After a rotation the previous
-- secret also signs until previous_secret_expires_at (a second signature in the header), then it is dropped.
CREATE TABLE webhook_endpoints (
    id                         uuid PRIMARY KEY,
    organization_id            uuid        NOT NULL,
    environment                text        NOT NULL CHECK (environment IN ('live', 'test')),
    url                        text        NOT NULL,
    events                     text[]      NOT NULL,
    enabled                    boolean     NOT NULL DEFAULT true,
    disabled_reason            text,
    secret                     text        NOT NULL,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    -- Auto-disable bookkeeping: failures in a row and when the current run of failures began.
    consecutive_failures       integer     NOT NULL DEFAULT 0,
    failing_since              timestamptz,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (organization_id, environment, created_at, id);

-- One delivery per (endpoint, event): the unit of "at least once", with its schedule in PostgreSQL. Being unique
-- per (endpoint, event) is what keeps two deliveries of one event to one endpoint from being in flight at once: a
-- replay re-arms the same row instead of adding one. Runners claim due rows with FOR UPDATE SKIP LOCKED and a lease
-- (lease_until); a runner that dies leaves a lease that simply runs out.
CREATE TABLE webhook_deliveries (
    id              uuid PRIMARY KEY,
    endpoint_id     uuid        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    payload         text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'gone', 'cancelled')),
    -- attempts counts every attempt ever made (the delivery log's numbering); a replay or test re-arms the row
    -- with round_start = attempts, so the schedule and X-Fanfare-Retry-Count count from there.
    attempts        integer     NOT NULL DEFAULT 0,
    round_start     integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    lease_until     timestamptz,
    leased_by       text,
    last_error      text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT webhook_deliveries_once UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

-- Every attempt of a delivery, for the delivery log. The key is also a guard: one attempt number is recorded once,
-- so a second runner making the same attempt could not record it.
CREATE TABLE webhook_attempts (
    delivery_id  uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      integer     NOT NULL,
    attempted_at timestamptz NOT NULL,
    duration_ms  integer     NOT NULL,
    status_code  integer,
    error        text,
    runner       text        NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
