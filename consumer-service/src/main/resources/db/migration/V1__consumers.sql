-- Consumers: the end users of a merchant, scoped by organization and environment (live/test).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE consumers (
    id                uuid PRIMARY KEY,
    organization_id   uuid        NOT NULL,
    environment       text        NOT NULL CHECK (environment IN ('live', 'test')),
    email             text,
    phone             text,
    full_name         text,
    metadata          jsonb,
    external_id       text,
    -- Read-only aggregates, fed by order events (commerce-service) from a later issue on.
    total_orders      integer       NOT NULL DEFAULT 0,
    total_order_value numeric(20, 8) NOT NULL DEFAULT 0,
    last_order_at     timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);

-- Email is unique per organization and environment, case-insensitively.
CREATE UNIQUE INDEX consumers_email_unique ON consumers (organization_id, environment, lower(email)) WHERE email IS NOT NULL;

-- Keyset pagination: one index per sort order, matching the sort expressions of ConsumerSort.
CREATE INDEX consumers_by_created ON consumers (organization_id, environment, created_at, id);
CREATE INDEX consumers_by_email ON consumers (organization_id, environment, (coalesce(lower(email), '')), id);
CREATE INDEX consumers_by_name ON consumers (organization_id, environment, (coalesce(lower(full_name), '')), id);
CREATE INDEX consumers_by_last_order ON consumers (organization_id, environment, (coalesce(last_order_at, 'epoch'::timestamptz)), id);
CREATE INDEX consumers_by_order_value ON consumers (organization_id, environment, total_order_value, id);
CREATE INDEX consumers_by_orders ON consumers (organization_id, environment, total_orders, id);

-- Substring search over email, phone and name.
CREATE INDEX consumers_search ON consumers USING gin ((coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(full_name, '')) gin_trgm_ops);

