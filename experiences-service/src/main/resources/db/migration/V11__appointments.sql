-- Appointments (issue 11, ADR 0017), a distribution type on the core of ADR 0009: consumers book a time slot at a
-- location. Slots are not stored: they are computed from the location's operating hours, the appointment's slot
-- length, buffer and capacity (SlotSchedule), and a slot's id is derived from the appointment and its start instant.
-- Only the count of a slot that has been booked is a row (appointment_slots), and it is what bounds bookings.

-- A location (reference §5.8: name, address, operating hours, holidays). operating_hours is
-- {"monday": [{"open": "09:00", "close": "17:00"}], ...} in the location's time zone (a missing day is closed);
-- holidays is an array of local dates ("2030-12-25") with no slots.
CREATE TABLE appointment_locations (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    environment     text        NOT NULL,
    name            text        NOT NULL,
    address         text,
    time_zone       text        NOT NULL,
    operating_hours jsonb       NOT NULL,
    holidays        jsonb       NOT NULL DEFAULT '[]',
    metadata        jsonb,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX appointment_locations_by_created ON appointment_locations (organization_id, environment, created_at, id);

-- An appointment: the columns every distribution shares (as queues have them, V2) plus its slot rules.
-- A location in use by an appointment is not deleted (RESTRICT; the API answers 409 first).
CREATE TABLE appointments (
    id                    uuid PRIMARY KEY,
    organization_id       uuid        NOT NULL,
    environment           text        NOT NULL,
    sequence_id           uuid        NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    experience_id         uuid        NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    location_id           uuid        NOT NULL REFERENCES appointment_locations (id) ON DELETE RESTRICT,
    name                  text        NOT NULL,
    time_zone             text,
    open_at               timestamptz,
    close_at              timestamptz,
    supports_guest        boolean     NOT NULL DEFAULT false,
    slot_duration_minutes integer     NOT NULL CHECK (slot_duration_minutes BETWEEN 5 AND 1440),
    buffer_minutes        integer     NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 1440),
    max_capacity_per_slot integer     NOT NULL DEFAULT 1 CHECK (max_capacity_per_slot BETWEEN 1 AND 10000),
    metadata              jsonb,
    status_override       text CHECK (status_override IN ('ended')),
    status_override_at    timestamptz,
    status_override_by    text,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    CHECK (close_at IS NULL OR open_at IS NULL OR close_at > open_at)
);
CREATE INDEX appointments_by_sequence ON appointments (sequence_id, created_at, id);
CREATE INDEX appointments_by_experience ON appointments (experience_id, created_at, id);
CREATE INDEX appointments_by_created ON appointments (organization_id, environment, created_at, id);
CREATE INDEX appointments_by_location ON appointments (location_id);

-- The count of one slot that has bookings. A booking increments it with
--   INSERT ... VALUES (1) ON CONFLICT (appointment_id, start_at) DO UPDATE SET booked = booked + 1
--   WHERE appointment_slots.booked < :capacity
-- in the transaction that inserts the booking: the conflicting row is locked and the condition re-read on its latest
-- version, so concurrent bookings on any number of replicas serialise on this row and never pass capacity.
-- Cancelling, removing and rescheduling decrement it in the same transaction as the booking's change.
CREATE TABLE appointment_slots (
    appointment_id uuid        NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    start_at       timestamptz NOT NULL,
    booked         integer     NOT NULL CHECK (booked >= 0),
    PRIMARY KEY (appointment_id, start_at)
);

-- One row per booking; a consumer holds at most one BOOKED booking per appointment (the partial unique index, not a
-- check). Statuses: BOOKED, CANCELLED (by the consumer), REMOVED (by an admin). A reschedule moves slot_start/slot_end
-- of the same row. reminded_24h_at / reminded_1h_at make each reminder once per booking (conditional updates).
CREATE TABLE appointment_bookings (
    id                uuid PRIMARY KEY,
    appointment_id    uuid        NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    organization_id   uuid        NOT NULL,
    environment       text        NOT NULL,
    consumer_id       uuid        NOT NULL,
    seq               bigint      NOT NULL DEFAULT nextval('participant_seq'),
    status            text        NOT NULL CHECK (status IN ('BOOKED', 'CANCELLED', 'REMOVED')),
    slot_start        timestamptz NOT NULL,
    slot_end          timestamptz NOT NULL,
    confirmation_code text        NOT NULL,
    booked_at         timestamptz NOT NULL,
    rescheduled_at    timestamptz,
    reschedule_count  integer     NOT NULL DEFAULT 0,
    cancelled_at      timestamptz,
    cancel_reason     text,
    reminded_24h_at   timestamptz,
    reminded_1h_at    timestamptz,
    updated_at        timestamptz NOT NULL
);
CREATE UNIQUE INDEX appointment_bookings_one_per_consumer ON appointment_bookings (appointment_id, consumer_id)
    WHERE status = 'BOOKED';
CREATE UNIQUE INDEX appointment_bookings_seq ON appointment_bookings (appointment_id, seq);
CREATE INDEX appointment_bookings_by_slot ON appointment_bookings (appointment_id, slot_start) WHERE status = 'BOOKED';
CREATE INDEX appointment_bookings_by_consumer ON appointment_bookings (consumer_id);

-- The admin list across types (ADR 0009, V7): every branch as V10 has it (queue, draw, timed_release, waitlist,
-- auction), plus the appointment branch.
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
FROM auctions
UNION ALL
SELECT id, organization_id, environment, sequence_id, experience_id, 'appointment'::text AS type, name, time_zone,
       open_at, close_at, supports_guest, status_override, created_at, updated_at
FROM appointments;
