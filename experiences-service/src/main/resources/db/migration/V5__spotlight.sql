-- Spotlight (issue 4): tours with immutable published versions, content items and themes. Every row is scoped by
-- (organization_id, environment); ids are the public ids (tour_/cnt_/thm_ + 12 lowercase hex).

-- The shared event-bus Outbox (io.dropline.contracts.event.bus.Outbox) also records who caused an event and in
-- which request; the queue engine's OutboxWriter leaves both null.
ALTER TABLE outbox ADD COLUMN request_id text, ADD COLUMN actor text;

-- The working definition (everything an admin edits) is one canonical JSON document; `version` is the number of
-- the latest published version (0 = never published).
CREATE TABLE tours (
    id              text PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    definition      jsonb       NOT NULL,
    version         int         NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    published_at    timestamptz,
    archived_at     timestamptz
);
CREATE INDEX tours_tenant ON tours (organization_id, environment, created_at DESC, id);

-- Immutable snapshots: rows are only ever inserted.
CREATE TABLE tour_versions (
    tour_id          text        NOT NULL REFERENCES tours (id),
    version          int         NOT NULL CHECK (version >= 1),
    organization_id  uuid        NOT NULL,
    environment      text        NOT NULL,
    definition       jsonb       NOT NULL,
    source           text        NOT NULL CHECK (source IN ('publish', 'rollback')),
    rolled_back_from int,
    published_at     timestamptz NOT NULL,
    published_by     text,
    PRIMARY KEY (tour_id, version)
);

-- Content has no version history (reference §7.3): edits to published content serve at once.
CREATE TABLE content_items (
    id              text PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    content_type    text        NOT NULL CHECK (content_type IN ('tooltip', 'spotlight', 'banner', 'modal', 'hotspot', 'checklist')),
    status          text        NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    definition      jsonb       NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    published_at    timestamptz,
    archived_at     timestamptz
);
CREATE INDEX content_items_tenant ON content_items (organization_id, environment, created_at DESC, id);

CREATE TABLE themes (
    id              text PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    name            text        NOT NULL,
    light           jsonb       NOT NULL,
    dark            jsonb,
    is_default      boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX themes_tenant ON themes (organization_id, environment, created_at DESC, id);
-- At most one default per tenant, enforced by the database rather than by read-then-write code.
CREATE UNIQUE INDEX themes_one_default ON themes (organization_id, environment) WHERE is_default;
