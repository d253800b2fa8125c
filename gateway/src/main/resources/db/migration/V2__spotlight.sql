-- Spotlight tenancy: the tenant's Spotlight config (admin strategy, JWKS, origins, flags, kill switch) and its admin
-- users, both scoped by organization AND environment (sk_test keys see a separate test environment); plus the
-- transactional outbox every admin write appends its AdminActivity event to (shared-contracts' Outbox).

CREATE TABLE spotlight_config (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    -- admin_strategy, jwks, allowed_origins, feature_flags (validated by the gateway before they are written).
    document        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- The kill switch lives in columns of its own so a toggle never races a config update's read-modify-write.
    tours_enabled   boolean     NOT NULL DEFAULT true,
    content_enabled boolean     NOT NULL DEFAULT true,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, environment)
);

CREATE TABLE spotlight_admin_users (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    user_id         text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    email           text        NOT NULL,
    name            text,
    role            text        NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'viewer')),
    status          text        NOT NULL CHECK (status IN ('active', 'disabled')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, environment, user_id)
);

-- match_claim=email looks users up by e-mail, case-insensitively: one user per address and tenant.
CREATE UNIQUE INDEX spotlight_admin_users_email_key ON spotlight_admin_users (organization_id, environment, lower(email));

CREATE TABLE outbox (
    id              uuid PRIMARY KEY,
    type            text        NOT NULL,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    aggregate_type  text        NOT NULL,
    aggregate_id    text        NOT NULL,
    payload         jsonb       NOT NULL,
    occurred_at     timestamptz NOT NULL,
    request_id      text,
    actor           text,
    published_at    timestamptz
);

CREATE INDEX outbox_unpublished ON outbox (occurred_at) WHERE published_at IS NULL;
