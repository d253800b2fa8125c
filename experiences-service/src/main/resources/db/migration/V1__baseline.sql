-- Baseline of dropline_experiences: the schema is managed by Flyway from here on.
COMMENT ON SCHEMA public IS 'experiences-service: experiences, sequences, distributions, participants, grants';
