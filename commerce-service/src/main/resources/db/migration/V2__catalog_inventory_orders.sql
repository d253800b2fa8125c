-- commerce-service: products, variants and their inventory, reservations, orders, sync sources, the outbox.
-- Every table is scoped by organization and environment; every statement of the service names both.

CREATE TABLE sync_sources (
    id                uuid PRIMARY KEY,
    organization_id   uuid        NOT NULL,
    environment       text        NOT NULL CHECK (environment IN ('live', 'test')),
    sync_source       text        NOT NULL,
    sync_source_id    text        NOT NULL,
    sync_status       text        NOT NULL DEFAULT 'PENDING' CHECK (sync_status IN ('PENDING', 'SUCCESS', 'FAILED')),
    last_synced_at    timestamptz,
    source_data       jsonb,
    feed_url          text,
    sync_interval_seconds integer CHECK (sync_interval_seconds IS NULL OR sync_interval_seconds >= 60),
    next_sync_at      timestamptz,
    last_sync_report  jsonb,
    archived          boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE UNIQUE INDEX sync_sources_natural_key ON sync_sources (organization_id, environment, sync_source, sync_source_id);
CREATE INDEX sync_sources_by_created ON sync_sources (organization_id, environment, created_at, id);
-- The scheduler's claim: due feeds, oldest first.
CREATE INDEX sync_sources_due ON sync_sources (next_sync_at) WHERE feed_url IS NOT NULL AND NOT archived;

-- One feed fetch at a time across replicas: a row per sync source holds the lease of the replica fetching it.
CREATE TABLE sync_leases (
    sync_source_id uuid PRIMARY KEY REFERENCES sync_sources (id) ON DELETE CASCADE,
    holder         text        NOT NULL,
    expires_at     timestamptz NOT NULL
);

CREATE TABLE products (
    id                     uuid PRIMARY KEY,
    organization_id        uuid        NOT NULL,
    environment            text        NOT NULL CHECK (environment IN ('live', 'test')),
    name                   text        NOT NULL,
    description            text,
    sku                    text,
    price                  numeric(20, 8) CHECK (price IS NULL OR price >= 0),
    currency_code          text,
    status                 text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DRAFT', 'ARCHIVED')),
    metadata               jsonb,
    url                    text,
    handle                 text,
    -- The upsert rule's natural key (reference §5.11): the primary sync source's vendor and external id.
    sync_source            text,
    sync_source_id         text,
    primary_sync_source_id uuid REFERENCES sync_sources (id),
    archived               boolean     NOT NULL DEFAULT false,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    CHECK ((sync_source IS NULL) = (sync_source_id IS NULL))
);
CREATE UNIQUE INDEX products_sync_key ON products (organization_id, environment, sync_source, sync_source_id)
    WHERE sync_source IS NOT NULL;
CREATE INDEX products_by_created ON products (organization_id, environment, created_at, id);
CREATE INDEX products_by_name ON products (organization_id, environment, (lower(name)), id);

-- Variants and their inventory. Available = inventory_quantity - inventory_committed - inventory_reserved; the
-- CHECK makes an oversell impossible even for a statement that forgot the condition (ADR 0012).
CREATE TABLE variants (
    id                  uuid PRIMARY KEY,
    organization_id     uuid        NOT NULL,
    environment         text        NOT NULL CHECK (environment IN ('live', 'test')),
    product_id          uuid        NOT NULL REFERENCES products (id),
    name                text        NOT NULL,
    sku                 text,
    price               numeric(20, 8) CHECK (price IS NULL OR price >= 0),
    compare_at_price    numeric(20, 8) CHECK (compare_at_price IS NULL OR compare_at_price >= 0),
    currency_code       text,
    metadata            jsonb,
    option_values       jsonb       NOT NULL DEFAULT '[]',
    inventory_tracked   boolean     NOT NULL DEFAULT true,
    inventory_quantity  integer     NOT NULL DEFAULT 0 CHECK (inventory_quantity >= 0),
    inventory_committed integer     NOT NULL DEFAULT 0 CHECK (inventory_committed >= 0),
    inventory_reserved  integer     NOT NULL DEFAULT 0 CHECK (inventory_reserved >= 0),
    archived            boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT variants_never_oversold CHECK (NOT inventory_tracked
        OR inventory_committed + inventory_reserved <= inventory_quantity)
);
-- SKU unique per organization (both environments see the same catalogue keys separately).
CREATE UNIQUE INDEX variants_sku_unique ON variants (organization_id, environment, sku) WHERE sku IS NOT NULL;
CREATE INDEX variants_by_product ON variants (product_id, created_at, id);

CREATE TABLE variant_options (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    name            text        NOT NULL,
    display_name    text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX variant_options_name ON variant_options (organization_id, environment, lower(name));
CREATE INDEX variant_options_by_created ON variant_options (organization_id, environment, created_at, id);

CREATE TABLE variant_option_values (
    id            uuid PRIMARY KEY,
    option_id     uuid    NOT NULL REFERENCES variant_options (id) ON DELETE CASCADE,
    value         text    NOT NULL,
    display_value text,
    sort_order    integer NOT NULL DEFAULT 0
);
CREATE INDEX variant_option_values_by_option ON variant_option_values (option_id, sort_order, id);

-- Which options a product's variants choose from.
CREATE TABLE product_variant_options (
    product_id uuid    NOT NULL REFERENCES products (id),
    option_id  uuid    NOT NULL REFERENCES variant_options (id),
    required   boolean NOT NULL DEFAULT true,
    sort_order integer NOT NULL DEFAULT 0,
    value_ids  uuid[]  NOT NULL DEFAULT '{}',
    PRIMARY KEY (product_id, option_id)
);

CREATE TABLE product_media (
    id          uuid PRIMARY KEY,
    product_id  uuid        NOT NULL REFERENCES products (id),
    url         text        NOT NULL,
    type        text        NOT NULL CHECK (type IN ('IMAGE', 'VIDEO')),
    alt_text    text,
    width       integer,
    height      integer,
    purpose     text        NOT NULL CHECK (purpose IN ('PRODUCT', 'VARIANT', 'THUMBNAIL', 'GALLERY')),
    position    integer     NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX product_media_by_product ON product_media (product_id, position, id);

-- The products an experience sells (reference: experience/sequence "products"). commerce-service owns the link;
-- experiences-service may read it through GET /internal/experiences/{exp}/products.
CREATE TABLE experience_products (
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    experience_id   uuid        NOT NULL,
    product_id      uuid        NOT NULL REFERENCES products (id),
    sequence_id     uuid,
    weight          integer     NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 1000),
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, environment, experience_id, product_id)
);
CREATE INDEX experience_products_by_product ON experience_products (product_id);

CREATE TABLE orders (
    id                 uuid PRIMARY KEY,
    organization_id    uuid        NOT NULL,
    environment        text        NOT NULL CHECK (environment IN ('live', 'test')),
    external_id        text,
    status             text        NOT NULL CHECK (status IN ('CREATED', 'COMPLETED', 'CANCELLED', 'REFUNDED')),
    consumer_id        uuid,
    experience_id      uuid,
    sequence_id        uuid,
    distribution_type  text,
    distribution_id    text,
    admission_grant_id uuid,
    amount             numeric(20, 8) NOT NULL CHECK (amount >= 0),
    currency_code      text        NOT NULL,
    cancel_reason      text,
    metadata           jsonb,
    deadline           timestamptz,
    -- Set before commerce-service first asks experiences-service to complete the grant: a later "already
    -- completed" answer is then our own earlier attempt, not a grant used elsewhere.
    grant_completion_requested_at timestamptz,
    archived           boolean     NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    completed_at       timestamptz,
    cancelled_at       timestamptz,
    refunded_at        timestamptz
);
-- Merchant systems push their orders idempotently on externalId.
CREATE UNIQUE INDEX orders_external_id ON orders (organization_id, environment, external_id) WHERE external_id IS NOT NULL;
-- One live order per admission grant: a second checkout with the same grant finds the first.
CREATE UNIQUE INDEX orders_one_per_grant ON orders (admission_grant_id)
    WHERE admission_grant_id IS NOT NULL AND status IN ('CREATED', 'COMPLETED');
CREATE INDEX orders_by_created ON orders (organization_id, environment, created_at, id);
CREATE INDEX orders_pending ON orders (organization_id, environment) WHERE status = 'CREATED';

CREATE TABLE order_items (
    order_id   uuid    NOT NULL REFERENCES orders (id),
    position   integer NOT NULL,
    product_id uuid,
    variant_id uuid,
    quantity   integer NOT NULL CHECK (quantity > 0),
    price      numeric(20, 8) CHECK (price IS NULL OR price >= 0),
    PRIMARY KEY (order_id, position)
);

-- Units held for a bounded time. HELD counts in variants.inventory_reserved; COMMITTED moved to
-- inventory_committed; RELEASED and EXPIRED gave the units back. The sweep claims due rows FOR UPDATE SKIP LOCKED.
CREATE TABLE reservations (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    variant_id      uuid        NOT NULL REFERENCES variants (id),
    quantity        integer     NOT NULL CHECK (quantity > 0),
    status          text        NOT NULL CHECK (status IN ('HELD', 'COMMITTED', 'RELEASED', 'EXPIRED')),
    order_id        uuid REFERENCES orders (id),
    consumer_id     uuid,
    expires_at      timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    resolved_at     timestamptz
);
CREATE INDEX reservations_due ON reservations (expires_at) WHERE status = 'HELD';
CREATE INDEX reservations_by_order ON reservations (order_id) WHERE order_id IS NOT NULL;

-- The shared event bus's outbox (shared-contracts Outbox): order.* events in the writing transaction.
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
