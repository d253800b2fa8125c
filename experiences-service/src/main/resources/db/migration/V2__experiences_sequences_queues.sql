-- The admin model: experiences contain sequences (access paths), which offer distributions (queues first).
-- Every row is scoped by organization and environment (live/test).

CREATE TABLE experiences (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    name            text        NOT NULL,
    time_zone       text,
    access_code     text,
    theme           jsonb,
    i18n            jsonb,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX experiences_by_created ON experiences (organization_id, environment, created_at, id);
CREATE INDEX experiences_by_name ON experiences (organization_id, environment, lower(name), id);

CREATE TABLE sequences (
    id                     uuid PRIMARY KEY,
    organization_id        uuid        NOT NULL,
    environment            text        NOT NULL,
    experience_id          uuid        NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    name                   text        NOT NULL,
    priority               integer     NOT NULL DEFAULT 0,
    color                  text,
    audience_id            uuid,
    access_code            text,
    product_selection_mode text        NOT NULL DEFAULT 'USER_SELECTED',
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);
CREATE INDEX sequences_by_experience ON sequences (experience_id, priority DESC, id);
CREATE INDEX sequences_by_created ON sequences (organization_id, environment, created_at, id);

CREATE TABLE queues (
    id                           uuid PRIMARY KEY,
    organization_id              uuid        NOT NULL,
    environment                  text        NOT NULL,
    sequence_id                  uuid        NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    experience_id                uuid        NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    name                         text        NOT NULL,
    time_zone                    text,
    open_at                      timestamptz,
    close_at                     timestamptz,
    supports_guest               boolean     NOT NULL DEFAULT true,
    admit_rate                   integer     NOT NULL CHECK (admit_rate > 0),
    capacity                     integer CHECK (capacity > 0),
    max_admissions               integer CHECK (max_admissions > 0),
    admission_expiration_seconds integer CHECK (admission_expiration_seconds > 0),
    recycle_expired_spots        boolean     NOT NULL DEFAULT false,
    metadata                     jsonb,
    status_override              text CHECK (status_override IN ('ended')),
    status_override_at           timestamptz,
    status_override_by           text,
    created_at                   timestamptz NOT NULL,
    updated_at                   timestamptz NOT NULL,
    CHECK (close_at IS NULL OR open_at IS NULL OR close_at > open_at)
);
CREATE INDEX queues_by_sequence ON queues (sequence_id, created_at, id);
CREATE INDEX queues_by_created ON queues (organization_id, environment, created_at, id);
