-- Catalogue and templates are data: a clinic adds exercises and templates with rows, not with a release.
CREATE TABLE exercise (
    code            varchar(64)  PRIMARY KEY,
    name            varchar(200) NOT NULL,
    load_type       varchar(16)  NOT NULL CHECK (load_type IN ('BODYWEIGHT', 'BAND', 'EXTERNAL', 'DEVICE')),
    unit            varchar(16)  NOT NULL CHECK (unit IN ('REPS', 'STEPS', 'SECONDS', 'MINUTES')),
    per_side        boolean      NOT NULL,
    easier_code     varchar(64)  REFERENCES exercise (code) DEFERRABLE INITIALLY DEFERRED,
    harder_code     varchar(64)  REFERENCES exercise (code) DEFERRABLE INITIALLY DEFERRED,
    target_muscles  jsonb        NOT NULL,
    equipment       jsonb        NOT NULL,
    instructions    text         NOT NULL
);

CREATE TABLE program_template (
    code         varchar(64)  PRIMARY KEY,
    name         varchar(200) NOT NULL,
    description  text         NOT NULL,
    -- [{number, name, minimumWeeks, blocks: [...]}]
    phases       jsonb        NOT NULL
);

CREATE TABLE template_prescription (
    template_code  varchar(64) NOT NULL REFERENCES program_template (code),
    exercise_code  varchar(64) NOT NULL REFERENCES exercise (code),
    position       int         NOT NULL,
    block          varchar(16) NOT NULL CHECK (block IN ('ACTIVATION', 'STRENGTH', 'FUNCTIONAL', 'RECOVERY')),
    sets           int         NOT NULL CHECK (sets > 0),
    target         int         NOT NULL CHECK (target > 0),
    load_kg        numeric(5, 1) CHECK (load_kg >= 0),
    band           varchar(16),
    PRIMARY KEY (template_code, exercise_code)
);

CREATE TABLE program (
    id                 uuid         PRIMARY KEY,
    patient_id         uuid         NOT NULL,
    clinician_id       uuid         NOT NULL,
    template_code      varchar(64)  NOT NULL REFERENCES program_template (code),
    status             varchar(16)  NOT NULL CHECK (status IN ('ACTIVE', 'ENDED')),
    version            int          NOT NULL,
    sessions_per_week  int          NOT NULL CHECK (sessions_per_week BETWEEN 1 AND 7),
    auto_adjust        varchar(8)   NOT NULL CHECK (auto_adjust IN ('NONE', 'SAFE', 'ALL')),
    start_date         date         NOT NULL,
    phase_number       int          NOT NULL,
    phase_name         varchar(64)  NOT NULL,
    phase_started_on   date         NOT NULL,
    prescriptions      jsonb        NOT NULL,
    -- exercise code -> the day its HOLD ends (no PROGRESS before)
    holds              jsonb        NOT NULL DEFAULT '{}'::jsonb,
    -- the clinician's doses at issue, for exercises of later phases too
    dose_overrides     jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL
);
CREATE UNIQUE INDEX program_one_active_per_patient ON program (patient_id) WHERE status = 'ACTIVE';
CREATE INDEX program_clinician ON program (clinician_id);

-- Every version of a programme, immutable: what it prescribed, what changed from the one before, why and by whom.
CREATE TABLE program_version (
    program_id       uuid         NOT NULL REFERENCES program (id),
    version          int          NOT NULL,
    phase_number     int          NOT NULL,
    prescriptions    jsonb        NOT NULL,
    changes          jsonb        NOT NULL,
    adjustment_type  varchar(16),
    reason           text         NOT NULL,
    rule_code        varchar(64),
    alert_id         uuid,
    request_id       uuid,
    changed_by       varchar(64)  NOT NULL,
    created_at       timestamptz  NOT NULL,
    PRIMARY KEY (program_id, version)
);

-- Adjustment requests from assessment-service, and proposals awaiting a clinician; the id takes effect once.
CREATE TABLE adjustment_request (
    request_id         uuid         PRIMARY KEY,
    program_id         uuid         NOT NULL REFERENCES program (id),
    based_on_version   int          NOT NULL,
    type               varchar(16)  NOT NULL,
    exercise_code      varchar(64),
    rule_code          varchar(64),
    alert_id           uuid,
    reason             text         NOT NULL,
    pain_during        int,
    replacement_code   varchar(64),
    status             varchar(16)  NOT NULL CHECK (status IN ('PENDING', 'APPLIED', 'REJECTED')),
    decision_reason    text,
    applied_version    int,
    decided_by         varchar(64),
    created_at         timestamptz  NOT NULL,
    decided_at         timestamptz
);
CREATE INDEX adjustment_request_program ON adjustment_request (program_id, status);
