-- The browser origins an organization allows, one list per environment (live/test): the single store both the
-- Consumer API's CORS and the Spotlight SDK's origin check read. Until now the list lived inside the Spotlight
-- config's jsonb document (allowed_origins); it moves here, and the Spotlight config shows this list as its
-- allowed_origins field (read and written through the same store), so both stay one mechanism.

CREATE TABLE allowed_origins (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    -- Canonical origins (scheme://host[:port], lower case, default port dropped), validated by the gateway.
    origins         text[]      NOT NULL DEFAULT '{}',
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, environment)
);

INSERT INTO allowed_origins (organization_id, environment, origins, updated_at)
SELECT organization_id, environment,
       -- In the order the tenant listed them.
       ARRAY(SELECT origin FROM jsonb_array_elements_text(document -> 'allowed_origins') WITH ORDINALITY AS listed (origin, n)
             ORDER BY n),
       updated_at
FROM spotlight_config
WHERE jsonb_typeof(document -> 'allowed_origins') = 'array';

UPDATE spotlight_config SET document = document - 'allowed_origins' WHERE document ? 'allowed_origins';
