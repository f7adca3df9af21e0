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

-- Who read or changed which patient's data, and with what outcome: for the clinic's privacy officer.
-- Append-only: the table refuses UPDATE and DELETE. It holds no health data, only who, what and whose.
CREATE TABLE audit_record (
    id           bigserial     PRIMARY KEY,
    at           timestamptz   NOT NULL,
    subject      varchar(100),
    role         varchar(16),
    action       varchar(200)  NOT NULL,
    resource_id  varchar(100),
    patient_id   uuid,
    outcome      varchar(8)    NOT NULL CHECK (outcome IN ('ALLOWED', 'DENIED', 'FAILED')),
    status       int           NOT NULL
);
CREATE INDEX audit_record_patient_time ON audit_record (patient_id, at);
CREATE INDEX audit_record_time ON audit_record (at);

CREATE FUNCTION audit_record_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_is_append_only();
