-- Timed releases and waitlists (issue 10), two distribution types on the core of ADR 0009: each has its own table
-- with the columns every distribution shares (as queues have them, V2) plus its own fields, and a participant table
-- of one shape for both (the core's access.distribution.Participants reads and writes either by its name).

-- A timed release: everyone eligible who enters while it is open gets an admission grant at once (reference §5.8,
-- §8.5); the grant lasts until close_at (no expiry while close_at is null).
CREATE TABLE timed_releases (
    id                 uuid PRIMARY KEY,
    organization_id    uuid        NOT NULL,
    environment        text        NOT NULL,
    sequence_id        uuid        NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    experience_id      uuid        NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    name               text        NOT NULL,
    time_zone          text,
    open_at            timestamptz,
    close_at           timestamptz,
    supports_guest     boolean     NOT NULL,
    metadata           jsonb,
    status_override    text CHECK (status_override IN ('ended')),
    status_override_at timestamptz,
    status_override_by text,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CHECK (close_at IS NULL OR open_at IS NULL OR close_at > open_at)
);
CREATE INDEX timed_releases_by_sequence ON timed_releases (sequence_id, created_at, id);
CREATE INDEX timed_releases_by_experience ON timed_releases (experience_id, created_at, id);
CREATE INDEX timed_releases_by_created ON timed_releases (organization_id, environment, created_at, id);

-- A waitlist: sign-ups (at most capacity active at once), notified in waves (§8.6). One per sequence.
-- signup_count is the number of active (WAITING or NOTIFIED) sign-ups: an enter increments it with
-- "... WHERE capacity IS NULL OR signup_count < capacity" in the transaction that inserts the sign-up, so the row
-- lock serialises concurrent sign-ups and capacity is never exceeded; leaving decrements it.
-- waves_sent counts the notification waves that ran; wave n is the timer job 'wave:n' (distribution_timers, V6).
CREATE TABLE waitlists (
    id                     uuid PRIMARY KEY,
    organization_id        uuid        NOT NULL,
    environment            text        NOT NULL,
    sequence_id            uuid        NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    experience_id          uuid        NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    name                   text        NOT NULL,
    time_zone              text,
    open_at                timestamptz,
    close_at               timestamptz,
    supports_guest         boolean     NOT NULL DEFAULT true,
    capacity               integer CHECK (capacity > 0),
    notification_strategy  text        NOT NULL DEFAULT 'blast' CHECK (notification_strategy IN ('blast', 'batched', 'priority')),
    wave_size              integer CHECK (wave_size > 0),
    wave_interval_seconds  integer CHECK (wave_interval_seconds > 0),
    notify_at              timestamptz,
    signup_count           integer     NOT NULL DEFAULT 0 CHECK (signup_count >= 0),
    waves_sent             integer     NOT NULL DEFAULT 0,
    metadata               jsonb,
    status_override        text CHECK (status_override IN ('ended')),
    status_override_at     timestamptz,
    status_override_by     text,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    CHECK (close_at IS NULL OR open_at IS NULL OR close_at > open_at),
    CHECK (capacity IS NULL OR signup_count <= capacity)
);
CREATE UNIQUE INDEX waitlists_one_per_sequence ON waitlists (sequence_id);
CREATE INDEX waitlists_by_experience ON waitlists (experience_id, created_at, id);
CREATE INDEX waitlists_by_created ON waitlists (organization_id, environment, created_at, id);

-- Arrival numbers of both participant tables: one sequence, so a re-entry after leaving takes a new, later number.
CREATE SEQUENCE participant_seq;

-- One row per (distribution, consumer): the primary key is the "one entry per consumer" rule, not a check.
-- Timed release statuses: GRANTED, LEFT, COMPLETED, DENIED. Waitlist statuses: WAITING, NOTIFIED, LEFT, DENIED
-- (and CONVERTED, reserved).
CREATE TABLE timed_release_entries (
    distribution_id  uuid        NOT NULL REFERENCES timed_releases (id) ON DELETE CASCADE,
    consumer_id      uuid        NOT NULL,
    organization_id  uuid        NOT NULL,
    environment      text        NOT NULL,
    seq              bigint      NOT NULL DEFAULT nextval('participant_seq'),
    status           text        NOT NULL CHECK (status IN ('GRANTED', 'LEFT', 'COMPLETED', 'DENIED')),
    priority         integer     NOT NULL DEFAULT 0,
    entered_at       timestamptz NOT NULL,
    grant_id         uuid,
    granted_at       timestamptz,
    grant_expires_at timestamptz,
    completed_at     timestamptz,
    left_at          timestamptz,
    denied_at        timestamptz,
    deny_reason      text,
    notified_at      timestamptz,
    notified_wave    integer,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (distribution_id, consumer_id)
);
CREATE UNIQUE INDEX timed_release_entries_seq ON timed_release_entries (distribution_id, seq);
CREATE UNIQUE INDEX timed_release_entries_grant ON timed_release_entries (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX timed_release_entries_by_consumer ON timed_release_entries (consumer_id);

CREATE TABLE waitlist_entries (
    distribution_id  uuid        NOT NULL REFERENCES waitlists (id) ON DELETE CASCADE,
    consumer_id      uuid        NOT NULL,
    organization_id  uuid        NOT NULL,
    environment      text        NOT NULL,
    seq              bigint      NOT NULL DEFAULT nextval('participant_seq'),
    status           text        NOT NULL CHECK (status IN ('WAITING', 'NOTIFIED', 'CONVERTED', 'LEFT', 'DENIED')),
    priority         integer     NOT NULL DEFAULT 0,
    entered_at       timestamptz NOT NULL,
    grant_id         uuid,
    granted_at       timestamptz,
    grant_expires_at timestamptz,
    completed_at     timestamptz,
    left_at          timestamptz,
    denied_at        timestamptz,
    deny_reason      text,
    notified_at      timestamptz,
    notified_wave    integer,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (distribution_id, consumer_id)
);
CREATE UNIQUE INDEX waitlist_entries_seq ON waitlist_entries (distribution_id, seq);
CREATE INDEX waitlist_entries_waiting ON waitlist_entries (distribution_id, priority DESC, seq) WHERE status = 'WAITING';
CREATE INDEX waitlist_entries_by_consumer ON waitlist_entries (consumer_id);

-- The admin list across types (ADR 0009, V7): the queue branch exactly as V7 has it, then one branch per new type.
-- Re-created (DROP + CREATE) rather than CREATE OR REPLACE: V8 added the draw branch, kept here as V8 has it; a later
-- type copies this statement and adds one more UNION ALL branch of the same columns.
DROP VIEW distributions;
CREATE VIEW distributions AS
SELECT id, organization_id, environment, sequence_id, experience_id, 'queue'::text AS type, name, time_zone,
       open_at, close_at, supports_guest, status_override, created_at, updated_at
FROM queues
UNION ALL
SELECT id, organization_id, environment, sequence_id, experience_id, 'draw'::text AS type, name, time_zone,
       open_at, close_at, supports_guest, status_override, created_at, updated_at
FROM draws
UNION ALL
SELECT id, organization_id, environment, sequence_id, experience_id, 'timed_release'::text AS type, name, time_zone,
       open_at, close_at, supports_guest, status_override, created_at, updated_at
FROM timed_releases
UNION ALL
SELECT id, organization_id, environment, sequence_id, experience_id, 'waitlist'::text AS type, name, time_zone,
       open_at, close_at, supports_guest, status_override, created_at, updated_at
FROM waitlists;
