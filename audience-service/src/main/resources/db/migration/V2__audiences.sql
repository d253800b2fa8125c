-- Audiences of an organization and environment (live/test), and the members of static audiences.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE audiences (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    name            text        NOT NULL,
    description     text,
    -- Only static lists so far; rule-based and synced audiences extend this check when they arrive.
    type            text        NOT NULL CONSTRAINT audiences_type_check CHECK (type IN ('STATIC')),
    -- Kept exact by every member change, in the same transaction, under a lock on this row.
    member_count    bigint      NOT NULL DEFAULT 0 CHECK (member_count >= 0),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- Keyset pagination: one index per sort order, matching the expressions of AudienceSort.
CREATE INDEX audiences_by_created ON audiences (organization_id, environment, created_at, id);
CREATE INDEX audiences_by_name ON audiences (organization_id, environment, (lower(name)), id);

-- Substring search over the name.
CREATE INDEX audiences_search ON audiences USING gin (name gin_trgm_ops);

-- Members are consumer ids only (consumers live in consumer-service); the tenant is the audience's.
CREATE TABLE audience_members (
    audience_id uuid        NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,
    consumer_id uuid        NOT NULL,
    added_at    timestamptz NOT NULL,
    PRIMARY KEY (audience_id, consumer_id)
);

-- The member list, newest first.
CREATE INDEX audience_members_by_added ON audience_members (audience_id, added_at, consumer_id);
-- "Which audiences is consumer X in".
CREATE INDEX audience_members_by_consumer ON audience_members (consumer_id, audience_id);
