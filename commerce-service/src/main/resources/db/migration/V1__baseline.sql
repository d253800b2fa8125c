-- Baseline of dropline_commerce. Owns products, variants, inventory, orders and sync sources.
-- The tables arrive with the issues that build these resources; this migration marks the schema as managed.
COMMENT ON SCHEMA public IS 'commerce-service: Owns products, variants, inventory, orders and sync sources.';
