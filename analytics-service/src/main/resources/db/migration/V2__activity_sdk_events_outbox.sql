-- The admin activity (audit) log: one row per admin.activity event. The event's uuid is the primary key, so a
-- redelivery of the same event (the bus delivers at least once) inserts nothing.
CREATE TABLE admin_activity (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    actor_id        text,
    actor_type      text,
    actor_key_id    text,
    action          text        NOT NULL,
    entity_type     text        NOT NULL,
    entity_id       text        NOT NULL,
    before          jsonb,
    after           jsonb,
    request_id      text,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
-- GET /v1/admin/activity (newest first) and GET /v1/admin/activity/entity/{type}/{id}.
CREATE INDEX admin_activity_recent ON admin_activity (organization_id, environment, occurred_at DESC, id DESC);
CREATE INDEX admin_activity_entity ON admin_activity (organization_id, environment, entity_type, entity_id, occurred_at DESC, id DESC);

-- Raw Spotlight SDK events. event_id is the client's id: unique per tenant and environment, which is the
-- deduplication of POST /v1/sdk/events; id is ours and becomes the evt_ id of the published spotlight.sdk_event.
CREATE TABLE sdk_events (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    event_id        text        NOT NULL,
    type            text        NOT NULL,
    item_type       text        NOT NULL,
    item_id         text        NOT NULL,
    version         integer,
    step_id         text,
    step_index      integer,
    session_id      text,
    user_key        text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    url             text,
    properties      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT sdk_events_event_id UNIQUE (organization_id, environment, event_id)
);
-- Selector health reads one tenant's selector outcomes (and step views) of the last window_days.
CREATE INDEX sdk_events_selector_health ON sdk_events (organization_id, environment, occurred_at)
    WHERE type IN ('selector_resolved', 'selector_failed', 'step_viewed');
CREATE INDEX sdk_events_item ON sdk_events (organization_id, environment, item_type, item_id, occurred_at);

-- The transactional outbox (io.dropline.contracts.event.bus.Outbox): spotlight.sdk_event envelopes appended in the
-- transaction that stores the SDK events, published by the relay.
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
