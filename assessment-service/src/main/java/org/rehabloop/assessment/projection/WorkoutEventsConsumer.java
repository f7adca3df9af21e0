package org.rehabloop.assessment.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.assessment.alert.AlertService;
import org.rehabloop.kit.inbox.IncomingEvent;
import org.rehabloop.kit.jdbc.Sql;
import org.rehabloop.kit.tx.Consuming;
import org.rehabloop.kit.tx.PerTransaction;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Topics;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Sessions and check-ins join the history at their event time; then the rules run for the programme they belong to.
 * Taken a poll at a time (see {@link org.rehabloop.kit.tx.Consuming#onceEach}): a patient's events in order, patients
 * in parallel lanes. The rules run once a transaction's events are stored, for each programme over one reading of its
 * history: with a backlog (under load, a new instance replaying the topic) a transaction holds several events of a
 * patient, and each would otherwise read the same history again.
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

    @Inject
    TransactionSynchronizationRegistry transaction;

    @Inject
    EntityManager entityManager;

    /** This transaction's events to judge, by programme ({@link Judged}), in its registry. */
    private static final Object JUDGED = Judged.class;

    /**
     * The events of a programme stored in this transaction that its rules judge before it commits, in the order they
     * came (a patient's events are in order), and when the earliest of them happened.
     */
    private static final class Judged {
        final List<Trigger> triggers = new ArrayList<>();
        Instant earliest;
    }

    @Incoming("workout-events")
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return patients.applyEach(batch, Topics.WORKOUT_EVENTS, Consuming.Effect.withAfterLast(this::apply, this::judge));
    }

    private void apply(IncomingEvent event) throws Exception {
        switch (event.type()) {
            case EventTypes.WORKOUT_LOGGED -> {
                WorkoutLogged session = event.data(json, WorkoutLogged.class);
                // judged in this transaction when its programme is known (written once, already marked), else when
                // plan.issued comes
                if (Boolean.TRUE.equals(store(session))) {
                    judgeLater(session.programId(), Trigger.session(session.sessionId()), session.performedAt());
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
                    program.ifPresent(p -> judgeLater(p.programId, Trigger.checkIn(checkIn.checkInId()), checkIn.at()));
                }
            }
            default -> {
                // not for us
            }
        }
    }

    private void judgeLater(UUID programId, Trigger trigger, Instant at) {
        Map<UUID, Judged> programmes = PerTransaction.get(transaction, JUDGED, LinkedHashMap::new);
        Judged judged = programmes.computeIfAbsent(programId, id -> new Judged());
        judged.triggers.add(trigger);
        judged.earliest = judged.earliest == null || at.isBefore(judged.earliest) ? at : judged.earliest;
    }

    /**
     * The rules for what this transaction stored, each programme's events in the order they came, all judged as of now
     * over the history they are all in (as when they wait for their programme: {@link AlertService#assessAll}).
     */
    private void judge() {
        Map<UUID, Judged> programmes = PerTransaction.get(transaction, JUDGED, LinkedHashMap::new);
        Map<UUID, Judged> taken = new LinkedHashMap<>(programmes);
        programmes.clear();
        taken.forEach((programId, judged) -> {
            alerts.assessAll(programId, judged.triggers, judged.earliest);
            // as after each event: the next programme's alerts do not make this one's dirty-checked again
            entityManager.flush();
            entityManager.clear();
        });
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
