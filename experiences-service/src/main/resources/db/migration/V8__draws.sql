-- Draws (lotteries, fanfare-api.md §5.6 and §8.2) as a type of the distribution core (ADR 0009, ADR 0010).
--
-- A draw commits to its randomness before it takes entries: `seed` (32 random bytes, never shown before the draw)
-- and `seed_commitment` (lowercase hex SHA-256 of the seed, public from creation). Every entry's key,
-- HMAC-SHA256(seed, UTF-8 of its public id `dentry_…`) as lowercase hex, is computed when the entry is written and
-- kept in `draw_key` (published only after the draw); the draw is then "mark the first winner_count by key", read
-- through draw_entries_by_key, never the whole entry list.
CREATE TABLE draws (
    id                                 uuid PRIMARY KEY,
    organization_id                    uuid        NOT NULL,
    environment                        text        NOT NULL,
    sequence_id                        uuid        NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    experience_id                      uuid        NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    name                               text        NOT NULL,
    time_zone                          text,
    open_at                            timestamptz,
    close_at                           timestamptz,
    supports_guest                     boolean     NOT NULL DEFAULT true,
    draw_at                            timestamptz NOT NULL,
    winner_count                       integer     NOT NULL CHECK (winner_count > 0),
    capacity                           integer CHECK (capacity > 0),
    admission_expiration_seconds       integer CHECK (admission_expiration_seconds > 0),
    continue_selecting_until_completed boolean     NOT NULL DEFAULT false,
    loyalty_bias_enabled               boolean     NOT NULL DEFAULT false,
    metadata                           jsonb,
    status_override                    text CHECK (status_override IN ('ended')),
    status_override_at                 timestamptz,
    status_override_by                 text,
    -- The commitment: written once at creation, never updated (no UPDATE statement names these columns).
    seed                               bytea       NOT NULL CHECK (octet_length(seed) = 32),
    seed_commitment                    text        NOT NULL,
    -- Counters written under the row lock by entry batches (exact capacity, arrival numbers).
    next_seq                           bigint      NOT NULL DEFAULT 1,
    active_entries                     integer     NOT NULL DEFAULT 0,
    -- The outcome, written by the draw's one transaction (drawn_at set means drawn: the draw never runs twice).
    drawn_at                           timestamptz,
    entry_count                        integer,
    selected_count                     integer     NOT NULL DEFAULT 0,
    selected_through_key               text,       -- the key of the last entry selected so far (winners, then backfills)
    completed_at                       timestamptz, -- winner_count completions reached, or nothing left to select
    created_at                         timestamptz NOT NULL,
    updated_at                         timestamptz NOT NULL,
    CHECK (close_at IS NULL OR open_at IS NULL OR close_at > open_at),
    CHECK (open_at IS NULL OR draw_at > open_at),
    CHECK (close_at IS NULL OR draw_at >= close_at)
);
CREATE INDEX draws_by_sequence ON draws (sequence_id, created_at, id);
CREATE INDEX draws_by_experience ON draws (experience_id, created_at, id);
-- The admin lists (GET /draws, and this table's branch of the distributions view).
CREATE INDEX draws_by_created ON draws (organization_id, environment, created_at, id);

-- One row per (draw, consumer): one active entry per consumer is the primary key, not a check. A consumer who left
-- before the draw may enter again: the row is reused with a new public id (so a new key) and a new arrival number.
CREATE TABLE draw_entries (
    draw_id          uuid        NOT NULL REFERENCES draws (id) ON DELETE CASCADE,
    consumer_id      uuid        NOT NULL,
    entry_id         uuid        NOT NULL,            -- public id dentry_…
    organization_id  uuid        NOT NULL,
    environment      text        NOT NULL,
    seq              bigint      NOT NULL,            -- arrival number (the admin list's order)
    status           text        NOT NULL CHECK (status IN ('ENTERED', 'LEFT', 'WON', 'COMPLETED', 'DENIED')),
    -- Removed before the draw (left, or denied while entered): not part of the draw, not in the results.
    excluded         boolean     NOT NULL DEFAULT false,
    draw_key         text        NOT NULL,            -- lowercase hex HMAC-SHA256(seed, entry id) (or the weighted rule's key)
    weight           integer     NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 5),
    selection        integer,                         -- 1.. winner order; above winner_count: a backfill
    entered_at       timestamptz NOT NULL,
    left_at          timestamptz,
    grant_id         uuid,
    granted_at       timestamptz,
    grant_expires_at timestamptz,
    completed_at     timestamptz,
    denied_at        timestamptz,
    deny_reason      text,
    PRIMARY KEY (draw_id, consumer_id)
);
CREATE UNIQUE INDEX draw_entries_public_id ON draw_entries (entry_id);
CREATE UNIQUE INDEX draw_entries_seq ON draw_entries (draw_id, seq);
-- The draw, its backfills and the published results read entries in key order.
CREATE INDEX draw_entries_by_key ON draw_entries (draw_id, draw_key) WHERE NOT excluded;
CREATE INDEX draw_entries_won ON draw_entries (draw_id, grant_expires_at) WHERE status = 'WON';
-- Winners and backfills in selection order (completions are counted among them).
CREATE INDEX draw_entries_selected ON draw_entries (draw_id, selection) WHERE selection IS NOT NULL;
CREATE UNIQUE INDEX draw_entries_grant ON draw_entries (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX draw_entries_by_consumer ON draw_entries (consumer_id);

-- The admin list across types (ADR 0009): the queue branch exactly as V7, plus the draws branch, same columns in
-- the same order and types.
DROP VIEW distributions;
CREATE VIEW distributions AS
SELECT id,
       organization_id,
       environment,
       sequence_id,
       experience_id,
       'queue'::text AS type,
       name,
       time_zone,
       open_at,
       close_at,
       supports_guest,
       status_override,
       created_at,
       updated_at
FROM queues
UNION ALL
SELECT id,
       organization_id,
       environment,
       sequence_id,
       experience_id,
       'draw'::text AS type,
       name,
       time_zone,
       open_at,
       close_at,
       supports_guest,
       status_override,
       created_at,
       updated_at
FROM draws;
