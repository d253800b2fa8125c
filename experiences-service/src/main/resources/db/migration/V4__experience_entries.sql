-- A consumer's presence in an experience (Consumer API enter/leave). One row per (experience, consumer): entering
-- again while inside keeps the first enteredAt; entering after leaving starts a new stay.
CREATE TABLE experience_entries (
    experience_id   uuid        NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    consumer_id     uuid        NOT NULL,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    entered_at      timestamptz NOT NULL,
    left_at         timestamptz,
    PRIMARY KEY (experience_id, consumer_id)
);
CREATE INDEX experience_entries_by_consumer ON experience_entries (organization_id, environment, consumer_id);
