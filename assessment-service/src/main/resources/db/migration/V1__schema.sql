-- Per-patient training history, projected from plan.events and workout.events (event time, not arrival time).
CREATE TABLE patient_program (
    program_id         uuid         PRIMARY KEY,
    patient_id         uuid         NOT NULL,
    clinician_id       uuid         NOT NULL,
    template_code      varchar(64)  NOT NULL,
    version            int          NOT NULL,
    sessions_per_week  int          NOT NULL,
    auto_adjust        varchar(8)   NOT NULL,
    start_date         date         NOT NULL,
    phase              jsonb        NOT NULL,
    prescriptions      jsonb        NOT NULL,
    updated_at         timestamptz  NOT NULL
);
CREATE INDEX patient_program_patient ON patient_program (patient_id);

CREATE TABLE session_record (
    id                uuid         PRIMARY KEY,
    patient_id        uuid         NOT NULL,
    program_id        uuid         NOT NULL,
    program_version   int          NOT NULL,
    performed_at      timestamptz  NOT NULL,
    duration_minutes  int          NOT NULL,
    session_rpe       int          NOT NULL,
    pain_before       int          NOT NULL,
    exercises         jsonb        NOT NULL,
    -- false while the programme's plan.issued has not arrived: the rules run on it when it does
    assessed          boolean      NOT NULL
);
CREATE INDEX session_record_unassessed ON session_record (program_id) WHERE NOT assessed;
CREATE INDEX session_record_patient_time ON session_record (patient_id, performed_at);

CREATE TABLE pain_record (
    id          uuid         PRIMARY KEY,
    patient_id  uuid         NOT NULL,
    at          timestamptz  NOT NULL,
    pain        int          NOT NULL,
    kind        varchar(16)  NOT NULL
);
CREATE INDEX pain_record_patient_time ON pain_record (patient_id, at);

CREATE TABLE alert (
    id             uuid          PRIMARY KEY,
    patient_id     uuid          NOT NULL,
    clinician_id   uuid          NOT NULL,
    program_id     uuid          NOT NULL,
    rule_code      varchar(64)   NOT NULL,
    exercise_code  varchar(64),
    category       varchar(16)   NOT NULL,
    severity       varchar(8)    NOT NULL,
    title          varchar(200)  NOT NULL,
    message        text          NOT NULL,
    evidence       jsonb         NOT NULL,
    adjustment     jsonb,
    status         varchar(16)   NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    status_note    text,
    created_at     timestamptz   NOT NULL,
    updated_at     timestamptz   NOT NULL
);
-- At most one unresolved alert per (patient, rule, exercise): a repeat adds evidence to it.
CREATE UNIQUE INDEX alert_one_open ON alert (patient_id, rule_code, coalesce(exercise_code, '')) WHERE status <> 'RESOLVED';
CREATE INDEX alert_clinician_time ON alert (clinician_id, created_at DESC, id DESC);
CREATE INDEX alert_time ON alert (created_at DESC, id DESC);
