-- Tenancy: organizations (tenants), their API keys (hashed), their users and their settings document.

CREATE TABLE organizations (
    id            uuid PRIMARY KEY,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug          text        NOT NULL,
    time_zone     text        NOT NULL DEFAULT 'UTC',
    currency_code text        NOT NULL DEFAULT 'USD',
    country_code  text,
    language_code text,
    logo_url      text,
    favicon_url   text,
    plan          text        NOT NULL DEFAULT 'FREE' CHECK (plan IN ('FREE', 'STARTER', 'GROWTH', 'ENTERPRISE')),
    status        text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'INACTIVE', 'PENDING')),
    -- Per-organization rate-limit overrides: {"<category>": <perMinute>} or {"<category>": {"perMinute": n, "burst": m}}.
    rate_limits   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX organizations_slug_key ON organizations (slug);

CREATE TABLE api_keys (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    type            text        NOT NULL CHECK (type IN ('secret', 'publishable')),
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    -- Only a salted SHA-256 of the random part is stored; the key itself is shown once.
    salt            bytea       NOT NULL,
    secret_hash     bytea       NOT NULL,
    last4           text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz,
    revoked_at      timestamptz
);

CREATE INDEX api_keys_organization_idx ON api_keys (organization_id);

CREATE TABLE organization_users (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    email           text        NOT NULL,
    full_name       text,
    role            text        NOT NULL DEFAULT 'member',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, email)
);

-- Keyset pagination walks (organization_id, id); ids are UUIDv7, so id order is creation order.
CREATE INDEX organization_users_page_idx ON organization_users (organization_id, id);

CREATE TABLE settings (
    organization_id uuid PRIMARY KEY REFERENCES organizations (id),
    document        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
