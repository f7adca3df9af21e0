-- The patients' programmes as plan-service published them: which programme and versions a patient may log against.
CREATE TABLE patient_program (
    program_id      uuid         PRIMARY KEY,
    patient_id      uuid         NOT NULL,
    clinician_id    uuid         NOT NULL,
    latest_version  int          NOT NULL,
    updated_at      timestamptz  NOT NULL
);
CREATE INDEX patient_program_patient ON patient_program (patient_id);
CREATE INDEX patient_program_clinician ON patient_program (clinician_id);

-- A workout session as the phone sent it; the phone's id is the key, so a retry finds the stored one.
CREATE TABLE workout_session (
    id                uuid          PRIMARY KEY,
    patient_id        uuid          NOT NULL,
    program_id        uuid          NOT NULL,
    program_version   int           NOT NULL,
    performed_at      timestamptz   NOT NULL,
    duration_minutes  int           NOT NULL,
    session_rpe       int           NOT NULL,
    pain_before       int           NOT NULL,
    notes             text,
    exercises         jsonb         NOT NULL,
    -- SHA-256 of the request as read, to tell a retry (same body) from a conflicting reuse of the id
    body_hash         varchar(64)   NOT NULL,
    received_at       timestamptz   NOT NULL
);
CREATE INDEX workout_session_patient_time ON workout_session (patient_id, performed_at DESC, id DESC);

CREATE TABLE pain_checkin (
    id           uuid         PRIMARY KEY,
    patient_id   uuid         NOT NULL,
    at           timestamptz  NOT NULL,
    pain         int          NOT NULL CHECK (pain BETWEEN 0 AND 10),
    kind         varchar(16)  NOT NULL CHECK (kind IN ('NEXT_MORNING', 'DAILY')),
    body_hash    varchar(64)  NOT NULL,
    received_at  timestamptz  NOT NULL
);
CREATE INDEX pain_checkin_patient_time ON pain_checkin (patient_id, at DESC);
