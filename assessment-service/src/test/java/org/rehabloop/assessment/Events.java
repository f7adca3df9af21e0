package org.rehabloop.assessment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rehabloop.contracts.AutoAdjust;
import org.rehabloop.contracts.Block;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.PlanIssued;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Unit;
import org.rehabloop.contracts.WorkoutLogged;
import org.rehabloop.infra.TestEvents;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Sends what plan-service and logging-service would publish, onto the real topics. */
public final class Events {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final KafkaCompanion kafka;

    public Events(KafkaCompanion kafka) {
        this.kafka = kafka;
    }

    public void send(String topic, String type, UUID patient, String eventId, Object payload) {
        kafka.produceStrings().fromRecords(record(topic, type, patient, eventId, payload)).awaitCompletion();
    }

    private static ProducerRecord<String, String> record(String topic, String type, UUID patient, String eventId,
            Object payload) {
        try {
            return TestEvents.cloudEvent(topic, patient.toString(), type, eventId, JSON.writeValueAsString(payload));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void programmeIssued(UUID programId, UUID patient, UUID clinician, LocalDate start) {
        send("plan.events", "rehabloop.plan.issued.v1", patient, UUID.randomUUID().toString(), new PlanIssued(programId,
                patient, clinician, "hip-strength-knee-pain", 1, 3, AutoAdjust.SAFE, start, new Phase(1, "Activation", start),
                List.of(new Prescription("clamshell", Block.ACTIVATION, 2, 15, Unit.REPS, true, null, null),
                        new Prescription("side-lying-hip-abduction", Block.ACTIVATION, 2, 15, Unit.REPS, true, null, null)),
                Instant.now()));
    }

    public static WorkoutLogged session(UUID patient, UUID programId, Instant at, int painDuring, Form form) {
        return new WorkoutLogged(UUID.randomUUID(), patient, programId, 1, at, 30, 5, 2,
                List.of(new WorkoutLogged.Entry("clamshell", form, painDuring, List.of(
                        new WorkoutLogged.SetDone(15, null, null, null), new WorkoutLogged.SetDone(15, null, null, null)))),
                at);
    }

    /**
     * Two sessions a day apart with form slipping on the clamshell, the second painful (7), and the next morning a
     * check-in whose pain did not settle: OVL-FORM-BREAKDOWN, OVL-PAIN-DURING and OVL-PAIN-NEXT-MORNING.
     */
    public void slippedTwiceThenAMorningThatDidNotSettle(UUID patient, UUID programId) {
        Instant day = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.DAYS);
        logged(session(patient, programId, day, 2, Form.SLIPPED));
        WorkoutLogged painful = session(patient, programId, day.plus(1, ChronoUnit.DAYS), 7, Form.SLIPPED);
        logged(painful);
        send("workout.events", "rehabloop.pain.reported.v1", patient, UUID.randomUUID().toString(),
                new PainReported(UUID.randomUUID(), patient, painful.performedAt().plus(15, ChronoUnit.HOURS), 6,
                        PainKind.NEXT_MORNING, Instant.now()));
    }

    public void logged(WorkoutLogged session) {
        send("workout.events", "rehabloop.workout.logged.v1", session.patientId(), UUID.randomUUID().toString(), session);
    }

    /** A session whose record was written to the topic at {@code published} (its timestamp), as one long waiting is. */
    public void logged(WorkoutLogged session, Instant published) {
        ProducerRecord<String, String> record = record("workout.events", "rehabloop.workout.logged.v1", session.patientId(),
                UUID.randomUUID().toString(), session);
        kafka.produceStrings().fromRecords(new ProducerRecord<>(record.topic(), null, published.toEpochMilli(), record.key(),
                record.value(), record.headers())).awaitCompletion();
    }
}
