-- Events without a broker (ARCHITECTURE.md "Events"), shared by every service; each service's Flyway also reads
-- its own db/migration. Common migrations are numbered 0.x so they sort before the services' own.

-- One row per domain event, written in the same transaction as the state change it describes.
CREATE TABLE outbox_event (
    id           uuid PRIMARY KEY,
    type         text        NOT NULL,
    source       text        NOT NULL,
    aggregate_id text        NOT NULL,
    data         text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per (event, subscriber). The id orders deliveries of one aggregate: writers serialise on the aggregate
-- (advisory lock) so ids follow commit order there.
CREATE TABLE outbox_delivery (
    id              bigserial PRIMARY KEY,
    event_id        uuid        NOT NULL REFERENCES outbox_event (id) ON DELETE CASCADE,
    subscriber      text        NOT NULL,
    aggregate_id    text        NOT NULL,
    status          text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'PARKED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    delivered_at    timestamptz
);
CREATE INDEX outbox_delivery_due ON outbox_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX outbox_delivery_open ON outbox_delivery (subscriber, aggregate_id, id) WHERE status <> 'DELIVERED';

-- Ids of events this service has handled: a redelivered event finds its id here and has no second effect.
CREATE TABLE inbox (
    event_id    text PRIMARY KEY,
    source      text        NOT NULL,
    type        text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
