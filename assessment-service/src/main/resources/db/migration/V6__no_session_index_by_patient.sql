-- Sessions are read by programme (session_record_program_time, since V4), never by patient: this index only cost
-- every stored session one more insert.
DROP INDEX session_record_patient_time;
