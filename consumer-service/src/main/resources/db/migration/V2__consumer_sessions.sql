-- Consumer sessions (guest and authenticated), their rotating refresh tokens, one-time exchange codes of the
-- external-auth flow, external identities, and the ES256 keys that sign access tokens.
-- Secrets (refresh tokens, exchange codes) are stored only as SHA-256 hashes.

CREATE TABLE consumer_sessions (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    consumer_id     uuid        NOT NULL REFERENCES consumers (id) ON DELETE CASCADE,
    type            text        NOT NULL CHECK (type IN ('guest', 'authenticated')),
    created_at      timestamptz NOT NULL,
    -- Slides forward with every refresh: the session lives as long as its newest refresh token.
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz
);

CREATE INDEX consumer_sessions_by_consumer ON consumer_sessions (organization_id, environment, consumer_id);

CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY,
    session_id  uuid        NOT NULL REFERENCES consumer_sessions (id) ON DELETE CASCADE,
    token_hash  bytea       NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    -- Set when the token is used: a second use of a rotated token revokes the whole session.
    rotated_at  timestamptz,
    revoked_at  timestamptz
);

CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);

CREATE TABLE exchange_codes (
    code_hash       bytea PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    consumer_id     uuid        NOT NULL REFERENCES consumers (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz
);

-- A merchant's identity provider account (provider, issuer, subject) maps to exactly one consumer per tenant.
CREATE TABLE external_identities (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL CHECK (environment IN ('live', 'test')),
    provider        text        NOT NULL,
    issuer          text        NOT NULL,
    subject         text        NOT NULL,
    consumer_id     uuid        NOT NULL REFERENCES consumers (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL,
    UNIQUE (organization_id, environment, provider, issuer, subject)
);

-- ES256 keys that sign consumer access tokens; the JWKS publishes every key not retired, so keys rotate with
-- overlap. The private JWK is stored as is here; production deployments encrypt it at rest (KMS).
CREATE TABLE signing_keys (
    kid        text PRIMARY KEY,
    jwk        text        NOT NULL,
    created_at timestamptz NOT NULL,
    retired_at timestamptz
);
