-- Order aggregates on consumers (total_orders, total_order_value, last_order_at; V1) are fed by commerce-service's
-- order events. The bus delivers at least once: each event is applied once, keyed by its id here, in the same
-- statement that moves the consumer's aggregates.
CREATE TABLE order_event_receipts (
    event_id        uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    consumer_id     uuid,
    type            text        NOT NULL,
    received_at     timestamptz NOT NULL
);
