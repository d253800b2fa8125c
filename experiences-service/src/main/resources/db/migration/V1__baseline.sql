-- Baseline of dropline_experiences. Owns experiences, sequences, distributions, participants, grants and Spotlight items.
-- The tables arrive with the issues that build these resources; this migration marks the schema as managed.
COMMENT ON SCHEMA public IS 'experiences-service: Owns experiences, sequences, distributions, participants, grants and Spotlight items.';
