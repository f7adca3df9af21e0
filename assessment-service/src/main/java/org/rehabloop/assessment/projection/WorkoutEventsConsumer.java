package org.rehabloop.assessment.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.assessment.alert.AlertService;
import org.rehabloop.kit.inbox.IncomingEvent;
import org.rehabloop.kit.jdbc.Sql;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Topics;
import org.rehabloop.contracts.WorkoutLogged;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Sessions and check-ins join the history at their event time; then the rules run for the programme they belong to.
 * Taken a poll at a time (see {@link org.rehabloop.kit.tx.Consuming#onceEach}): a patient's events in order, patients
 * in parallel lanes.
 */
@ApplicationScoped
public class WorkoutEventsConsumer {
    @Inject
    ObjectMapper json;

    @Inject
    AlertService alerts;

    @Inject
    PatientLock patients;

    @Inject
    Sql sql;

    @Incoming("workout-events")
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return patients.applyEach(batch, Topics.WORKOUT_EVENTS, this::apply);
    }

    private void apply(IncomingEvent event) throws Exception {
        switch (event.type()) {
            case EventTypes.WORKOUT_LOGGED -> {
                WorkoutLogged session = event.data(json, WorkoutLogged.class);
                // judged now when its programme is known (written once, already marked), else when plan.issued comes
                if (Boolean.TRUE.equals(store(session))) {
                    alerts.assess(session.programId(), Trigger.session(session.sessionId()));
                }
            }
            case EventTypes.PAIN_REPORTED -> {
                PainReported checkIn = event.data(json, PainReported.class);
                if (PainRecord.findById(checkIn.checkInId()) == null) {
                    PainRecord pain = new PainRecord();
                    pain.id = checkIn.checkInId();
                    pain.patientId = checkIn.patientId();
                    pain.at = checkIn.at();
                    pain.pain = checkIn.pain();
                    pain.kind = checkIn.kind();
                    // a check-in names no programme: it belongs to the one the patient was on at its time
                    Optional<PatientProgram> program = PatientProgram.at(checkIn.patientId(), checkIn.at());
                    pain.assessed = program.isPresent();
                    pain.persist();
                    program.ifPresent(p -> alerts.assess(p.programId, Trigger.checkIn(checkIn.checkInId())));
                }
            }
            default -> {
                // not for us
            }
        }
    }

    /**
     * Stores the session unless it already is (a second event about it changes nothing), marked assessed when its
     * programme is known: one statement, the exercises written as the JSON they came in rather than through an entity.
     * Whether the programme is known, or null when the session was stored before.
     */
    private Boolean store(WorkoutLogged session) throws JsonProcessingException {
        return sql.single("INSERT INTO session_record (id, patient_id, program_id, program_version, performed_at, "
                        + "duration_minutes, session_rpe, pain_before, exercises, assessed) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, EXISTS (SELECT 1 FROM patient_program WHERE program_id = ?)) "
                        + "ON CONFLICT (id) DO NOTHING RETURNING assessed", Boolean.class,
                session.sessionId(), session.patientId(), session.programId(), session.programVersion(),
                session.performedAt(), session.durationMinutes(), session.sessionRpe(), session.painBefore(),
                json.writeValueAsString(session.exercises()), session.programId());
    }
}
