-- A pain check-in is judged against the programme the patient was on at its time; false while that programme's
-- plan.issued has not arrived (the rules run on it when it does). Check-ins stored before this change were seen.
ALTER TABLE pain_record ADD COLUMN assessed boolean NOT NULL DEFAULT true;
ALTER TABLE pain_record ALTER COLUMN assessed SET DEFAULT false;
CREATE INDEX pain_record_unassessed ON pain_record (patient_id, at) WHERE NOT assessed;

-- Which programme a patient was on at a moment: the latest to start on or before that day (then the latest issued).
ALTER TABLE patient_program ADD COLUMN issued_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE patient_program ALTER COLUMN issued_at DROP DEFAULT;
CREATE INDEX patient_program_patient_start ON patient_program (patient_id, start_date, issued_at);

-- A programme's history is read by programme, in event time.
CREATE INDEX session_record_program_time ON session_record (program_id, performed_at);
