-- Every change of an alert, in commit order: what the SSE stream sends, and replays from Last-Event-ID.
-- Rows are written under a transaction-scoped advisory lock, so seq order is commit order.
CREATE TABLE alert_change (
    seq           bigserial    PRIMARY KEY,
    alert_id      uuid         NOT NULL,
    clinician_id  uuid         NOT NULL,
    type          varchar(100) NOT NULL,
    payload       jsonb        NOT NULL,
    at            timestamptz  NOT NULL
);
CREATE INDEX alert_change_at ON alert_change (at);

-- Progress adjustments (PRG- rules raise no alert): one request per programme version, rule and exercise, so a
-- daily run or a further qualifying session does not ask again while the last request is pending.
CREATE TABLE progress_request (
    program_id        uuid         NOT NULL,
    based_on_version  int          NOT NULL,
    rule_code         varchar(64)  NOT NULL,
    exercise_code     varchar(64)  NOT NULL DEFAULT '',
    request_id        uuid         NOT NULL,
    requested_at      timestamptz  NOT NULL,
    PRIMARY KEY (program_id, based_on_version, rule_code, exercise_code)
);
