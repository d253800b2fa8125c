-- Baseline of dropline_analytics. Owns the event store, webhook endpoints and deliveries, and the audit log.
-- The tables arrive with the issues that build these resources; this migration marks the schema as managed.
COMMENT ON SCHEMA public IS 'analytics-service: Owns the event store, webhook endpoints and deliveries, and the audit log.';
