-- Alert changes were numbered at insert under one advisory lock held to commit, so that seq order was commit order;
-- that lock made every alert-changing transaction of the service wait for the one before it (its fsync included).
-- Now a change is inserted unnumbered (id: insert order only) and the feed numbers committed changes afterwards, in
-- batches, under that lock: seq is still commit order, as SSE clients and Last-Event-ID need, and writers never wait.
ALTER TABLE alert_change DROP CONSTRAINT alert_change_pkey;
ALTER TABLE alert_change ALTER COLUMN seq DROP NOT NULL, ALTER COLUMN seq DROP DEFAULT;
ALTER TABLE alert_change ADD COLUMN id bigserial PRIMARY KEY;
CREATE UNIQUE INDEX alert_change_seq ON alert_change (seq);
CREATE INDEX alert_change_unnumbered ON alert_change (id) WHERE seq IS NULL;
