-- The service kit's tables, applied by each service's Flyway before its own migrations (versions 0.x are the kit's).
-- Consumed event ids, recorded in the transaction of their effect: a redelivery finds its id and changes nothing.
CREATE TABLE processed_event (
    event_id      varchar(100) PRIMARY KEY,
    topic         varchar(100) NOT NULL,
    processed_at  timestamptz  NOT NULL
);

-- Events written in the transaction of the change they report; the relay publishes them and marks them sent.
CREATE TABLE outbox_event (
    id           bigserial     PRIMARY KEY,
    event_id     uuid          NOT NULL UNIQUE,
    topic        varchar(100)  NOT NULL,
    message_key  varchar(100)  NOT NULL,
    shard        smallint      NOT NULL,
    type         varchar(100)  NOT NULL,
    payload      text          NOT NULL,
    occurred_at  timestamptz   NOT NULL,
    sent_at      timestamptz
);
CREATE INDEX outbox_event_unsent ON outbox_event (shard, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_event_sent ON outbox_event (sent_at) WHERE sent_at IS NOT NULL;
