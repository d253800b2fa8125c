-- Auctions (issue 11), English and Dutch, a distribution type on the core of ADR 0009 (docs/auctions.md, ADR 0016).
-- Money is numeric (never binary floating point), at most 2 decimals, in the auction's currency_code.

-- One auction: the columns every distribution shares (as V9's tables have them), the auction's configuration (§5.7),
-- and its live state. Every bid and the settlement lock this row (SELECT ... FOR UPDATE), so bids of one auction are
-- serialised in PostgreSQL across every replica: high_* and sold_count only ever move under that lock.
--   extended_close_at: the close after the one anti-snipe extension (null while not extended); the effective close is
--                      COALESCE(extended_close_at, close_at, settle_at).
--   settled_at:        set once by the settle timer's handler (distribution_timers, V6): settlement happens once.
CREATE TABLE auctions (
    id                          uuid PRIMARY KEY,
    organization_id             uuid          NOT NULL,
    environment                 text          NOT NULL,
    sequence_id                 uuid          NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    experience_id               uuid          NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    name                        text          NOT NULL,
    time_zone                   text,
    open_at                     timestamptz,
    close_at                    timestamptz,
    settle_at                   timestamptz   NOT NULL,
    supports_guest              boolean       NOT NULL DEFAULT false,
    auction_type                text          NOT NULL DEFAULT 'english' CHECK (auction_type IN ('english', 'dutch')),
    currency_code               text          NOT NULL DEFAULT 'USD' CHECK (currency_code ~ '^[A-Z]{3}$'),
    reserve_price               numeric(14, 2) CHECK (reserve_price >= 0),
    min_bid_increment           numeric(14, 2) CHECK (min_bid_increment > 0),
    auto_extend_seconds         integer CHECK (auto_extend_seconds > 0),
    start_price                 numeric(14, 2) CHECK (start_price >= 0),
    floor_price                 numeric(14, 2) CHECK (floor_price >= 0),
    price_drop_amount           numeric(14, 2) CHECK (price_drop_amount > 0),
    price_drop_interval_seconds integer CHECK (price_drop_interval_seconds > 0),
    quantity                    integer       NOT NULL DEFAULT 1 CHECK (quantity > 0),
    metadata                    jsonb,
    status_override             text CHECK (status_override IN ('ended')),
    status_override_at          timestamptz,
    status_override_by          text,
    high_bid_amount             numeric(14, 2),
    high_bidder_id              uuid,
    high_bid_at                 timestamptz,
    bid_count                   integer       NOT NULL DEFAULT 0,
    sold_count                  integer       NOT NULL DEFAULT 0,
    extended_close_at           timestamptz,
    settled_at                  timestamptz,
    winner_id                   uuid,
    winning_amount              numeric(14, 2),
    created_at                  timestamptz   NOT NULL,
    updated_at                  timestamptz   NOT NULL,
    CHECK (close_at IS NULL OR open_at IS NULL OR close_at > open_at),
    CHECK (open_at IS NULL OR settle_at > open_at),
    CHECK (close_at IS NULL OR settle_at >= close_at),
    -- The Dutch invariant in the database too: never more units sold than there are.
    CHECK (sold_count <= quantity)
);
CREATE INDEX auctions_by_sequence ON auctions (sequence_id, created_at, id);
CREATE INDEX auctions_by_experience ON auctions (experience_id, created_at, id);
CREATE INDEX auctions_by_created ON auctions (organization_id, environment, created_at, id);

-- One row per (auction, consumer), the V9 participant shape the core's Participants serves, plus the bidder's own
-- figures. Statuses: ENTERED (entered or bidding), WON (with grant_id: the one-time grant at the winning price),
-- LOST, COMPLETED (the win was checked out). max_amount is a proxy bidder's maximum (null: no proxy).
CREATE TABLE auction_entries (
    distribution_id  uuid          NOT NULL REFERENCES auctions (id) ON DELETE CASCADE,
    consumer_id      uuid          NOT NULL,
    organization_id  uuid          NOT NULL,
    environment      text          NOT NULL,
    seq              bigint        NOT NULL DEFAULT nextval('participant_seq'),
    status           text          NOT NULL CHECK (status IN ('ENTERED', 'WON', 'LOST', 'COMPLETED', 'DENIED', 'LEFT')),
    priority         integer       NOT NULL DEFAULT 0,
    entered_at       timestamptz   NOT NULL,
    grant_id         uuid,
    granted_at       timestamptz,
    grant_expires_at timestamptz,
    completed_at     timestamptz,
    left_at          timestamptz,
    denied_at        timestamptz,
    deny_reason      text,
    notified_at      timestamptz,
    notified_wave    integer,
    last_bid_amount  numeric(14, 2),
    last_bid_at      timestamptz,
    bid_count        integer       NOT NULL DEFAULT 0,
    max_amount       numeric(14, 2),
    won_amount       numeric(14, 2),
    updated_at       timestamptz   NOT NULL,
    PRIMARY KEY (distribution_id, consumer_id)
);
CREATE UNIQUE INDEX auction_entries_seq ON auction_entries (distribution_id, seq);
CREATE UNIQUE INDEX auction_entries_grant ON auction_entries (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX auction_entries_by_consumer ON auction_entries (consumer_id);

-- Every accepted bid, in acceptance order (seq). kind: 'bid' (the consumer's own), 'proxy' (placed by the system for
-- a proxy bidder), 'purchase' (a Dutch unit taken at the current price). Rejected bids are not stored.
CREATE SEQUENCE auction_bid_seq;
CREATE TABLE auction_bids (
    id               uuid PRIMARY KEY,
    auction_id       uuid          NOT NULL REFERENCES auctions (id) ON DELETE CASCADE,
    organization_id  uuid          NOT NULL,
    environment      text          NOT NULL,
    consumer_id      uuid          NOT NULL,
    seq              bigint        NOT NULL DEFAULT nextval('auction_bid_seq'),
    amount           numeric(14, 2) NOT NULL CHECK (amount >= 0),
    kind             text          NOT NULL CHECK (kind IN ('bid', 'proxy', 'purchase')),
    created_at       timestamptz   NOT NULL
);
CREATE UNIQUE INDEX auction_bids_order ON auction_bids (auction_id, seq);
CREATE INDEX auction_bids_by_consumer ON auction_bids (auction_id, consumer_id, seq);

-- The admin list across types (ADR 0009, V7): every branch as V9 has it, then the auction branch.
DROP VIEW distributions;
CREATE VIEW distributions AS
SELECT id, organization_id, environment, sequence_id, experience_id, 'queue'::text AS type, name, time_zone,
       open_at, close_at, supports_guest, status_override, created_at, updated_at
FROM queues
UNION ALL
SELECT id, organization_id, environment, sequence_id, experience_id, 'draw'::text AS type, name, time_zone,
       open_at, close_at, supports_guest, status_override, created_at, updated_at
FROM draws
UNION ALL
SELECT id, organization_id, environment, sequence_id, experience_id, 'timed_release'::text AS type, name, time_zone,
       open_at, close_at, supports_guest, status_override, created_at, updated_at
FROM timed_releases
UNION ALL
SELECT id, organization_id, environment, sequence_id, experience_id, 'waitlist'::text AS type, name, time_zone,
       open_at, close_at, supports_guest, status_override, created_at, updated_at
FROM waitlists
UNION ALL
SELECT id, organization_id, environment, sequence_id, experience_id, 'auction'::text AS type, name, time_zone,
       open_at, close_at, supports_guest, status_override, created_at, updated_at
FROM auctions;
