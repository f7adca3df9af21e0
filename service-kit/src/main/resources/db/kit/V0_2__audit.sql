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
