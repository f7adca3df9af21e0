-- The outbox keeps only what waits to be published; the relay moves each event it has published to outbox_sent, where
-- it stays for the retention period (rehabloop.outbox.retention) for whoever investigates. Marking a row sent in place
-- wrote it a second time with an entry in each of its three indexes, and left the unsent rows among days of sent ones:
-- a claim stepped over the dead entries of every row sent since the last vacuum of the whole table.
--
-- A version below the services' own: Flyway applies it out of order on a database that has theirs already
-- (quarkus.flyway.out-of-order, set by the kit); the kit's tables and a service's are disjoint.
CREATE TABLE outbox_sent (
    id           bigint        NOT NULL,
    event_id     uuid          NOT NULL,
    topic        varchar(100)  NOT NULL,
    message_key  varchar(100)  NOT NULL,
    type         varchar(100)  NOT NULL,
    payload      text          NOT NULL,
    occurred_at  timestamptz   NOT NULL,
    sent_at      timestamptz   NOT NULL
);
-- Rows arrive in the order they were sent, so a block range index finds the expired ones at almost no cost per insert.
CREATE INDEX outbox_sent_time ON outbox_sent USING brin (sent_at);

INSERT INTO outbox_sent (id, event_id, topic, message_key, type, payload, occurred_at, sent_at)
    SELECT id, event_id, topic, message_key, type, payload, occurred_at, sent_at FROM outbox_event
    WHERE sent_at IS NOT NULL ORDER BY sent_at, id;
DELETE FROM outbox_event WHERE sent_at IS NOT NULL;

DROP INDEX outbox_event_unsent;
DROP INDEX outbox_event_sent;
ALTER TABLE outbox_event DROP COLUMN sent_at;
-- ids are drawn by the outbox, one per event: the constraint cost an index entry for every row and caught nothing
ALTER TABLE outbox_event DROP CONSTRAINT outbox_event_event_id_key;
-- a relay claims a shard's rows in id order and removes them by (shard, id): one index serves both
ALTER TABLE outbox_event DROP CONSTRAINT outbox_event_pkey;
ALTER TABLE outbox_event ADD PRIMARY KEY (shard, id);
