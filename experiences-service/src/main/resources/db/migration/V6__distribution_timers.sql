-- The distribution core's replica-safe timers (ADR 0009): one row per (distribution, kind) of job, for every
-- distribution type (a queue's open and close today; a draw at drawAt, an auction's settlement later). A runner on
-- every instance claims due rows with FOR UPDATE SKIP LOCKED and a lease; the handler's writes and done_at commit in
-- one transaction, and only while lease_token is still the one it claimed with, so a job's effects commit once.
-- No foreign key: the row outlives nothing (a type deletes its timers with its row) and serves every type's table.
CREATE TABLE distribution_timers (
    distribution_id   uuid        NOT NULL,
    kind              text        NOT NULL,                -- 'open', 'close', … (the type's vocabulary)
    distribution_type text        NOT NULL,                -- which type's handler runs it ('queue', …)
    due_at            timestamptz NOT NULL,
    lease_owner       text,                                -- the instance that holds the lease (for operators)
    lease_token       uuid,                                -- fencing token of the current claim
    lease_until       timestamptz,                         -- after this, another instance may claim it again
    attempts          integer     NOT NULL DEFAULT 0,
    last_error        text,
    done_at           timestamptz,
    scheduled_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (distribution_id, kind)
);

-- What the runners poll: pending jobs by due time.
CREATE INDEX distribution_timers_due ON distribution_timers (due_at) WHERE done_at IS NULL;
