-- Baseline of dropline_audience. Owns audiences, rules, members, imports and the consumer-attribute projection.
-- The tables arrive with the issues that build these resources; this migration marks the schema as managed.
COMMENT ON SCHEMA public IS 'audience-service: Owns audiences, rules, members, imports and the consumer-attribute projection.';
