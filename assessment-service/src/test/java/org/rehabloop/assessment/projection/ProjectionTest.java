package org.rehabloop.assessment.projection;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.Events;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.WorkoutLogged;
import org.rehabloop.infra.TestEvents;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.rehabloop.assessment.Auth.as;

@QuarkusTest
class ProjectionTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicWithTheReasonAndTheConsumerGoesOn() throws Exception {
        UUID patient = UUID.randomUUID();
        UUID programId = UUID.randomUUID();
        UUID clinician = UUID.randomUUID();
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            Events events = new Events(kafka);
            events.programmeIssued(programId, patient, clinician, LocalDate.now());
            String badId = UUID.randomUUID().toString();
            kafka.produceStrings().fromRecords(TestEvents.cloudEvent("workout.events", patient.toString(),
                    "rehabloop.workout.logged.v1", badId, "{not json")).awaitCompletion();
            events.logged(Events.session(patient, programId, Instant.now().minusSeconds(60), 9, Form.CLEAN));

            assertThat(header(deadLetter(kafka, "workout.events.dlq", badId), "dead-letter-reason")).isNotBlank();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> as("clinician", clinician).queryParam("patientId", patient)
                .get("/v1/alerts").<Integer>path("items.size()") == 1);
    }

    @Test
    void anUndecodablePlanEventGoesToItsDeadLetterTopicAndTheProgrammesAfterItAreJudged() throws Exception {
        UUID clinician = UUID.randomUUID();
        List<UUID> patients = new ArrayList<>();
        String badId = UUID.randomUUID().toString();
        Instant today = Instant.now().minus(1, ChronoUnit.HOURS);
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            Events events = new Events(kafka);
            List<UUID> programmes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                UUID patient = UUID.randomUUID();
                UUID programId = UUID.randomUUID();
                patients.add(patient);
                programmes.add(programId);
                // the session first: it waits for its programme, which comes after the poisoned record
                events.logged(Events.session(patient, programId, today, 9, Form.CLEAN));
            }
            kafka.produceStrings().fromRecords(TestEvents.cloudEvent("plan.events", patients.get(0).toString(),
                    "rehabloop.plan.issued.v1", badId, "{not json")).awaitCompletion();
            for (int i = 0; i < 4; i++) {
                events.programmeIssued(programmes.get(i), patients.get(i), clinician, LocalDate.now().minusDays(5));
            }

            assertThat(header(deadLetter(kafka, "plan.events.dlq", badId), "dead-letter-reason")).isNotBlank();
        }
        for (UUID patient : patients) {
            await().atMost(Duration.ofSeconds(20)).until(() -> as("clinician", clinician).queryParam("patientId", patient)
                    .get("/v1/alerts").<Integer>path("items.size()") == 1);
            as("clinician", clinician).queryParam("patientId", patient).get("/v1/alerts").then()
                    .body("items[0].ruleCode", equalTo("OVL-PAIN-DURING"));
        }
    }

    @Test
    void aBurstOfSeveralPatientsEventsWithARedeliveryAndAPoisonedRecordIsJudgedInEachPatientsOrder() throws Exception {
        UUID clinician = UUID.randomUUID();
        List<UUID> patients = new ArrayList<>();
        String badId = UUID.randomUUID().toString();
        Instant today = Instant.now().minus(1, ChronoUnit.HOURS);
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            Events events = new Events(kafka);
            List<WorkoutLogged> first = new ArrayList<>();
            List<WorkoutLogged> second = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                UUID patient = UUID.randomUUID();
                UUID programId = UUID.randomUUID();
                patients.add(patient);
                events.programmeIssued(programId, patient, clinician, LocalDate.now().minusDays(5));
                first.add(Events.session(patient, programId, today.minus(2, ChronoUnit.DAYS), 2, Form.SLIPPED));
                second.add(Events.session(patient, programId, today.minus(1, ChronoUnit.DAYS), 2, Form.SLIPPED));
            }
            // interleaved as a busy topic has them, so that one poll holds several patients' events
            for (WorkoutLogged session : first) {
                String eventId = UUID.randomUUID().toString();
                events.send("workout.events", "rehabloop.workout.logged.v1", session.patientId(), eventId, session);
                events.send("workout.events", "rehabloop.workout.logged.v1", session.patientId(), eventId, session);
            }
            kafka.produceStrings().fromRecords(TestEvents.cloudEvent("workout.events", patients.get(0).toString(),
                    "rehabloop.workout.logged.v1", badId, "{not json")).awaitCompletion();
            second.forEach(events::logged);

            deadLetter(kafka, "workout.events.dlq", badId);
        }
        // the second slipped session of each patient, judged after the first (stored once despite its redelivery)
        for (UUID patient : patients) {
            await().atMost(Duration.ofSeconds(20)).until(() -> as("clinician", clinician).queryParam("patientId", patient)
                    .get("/v1/alerts").<Integer>path("items.size()") == 1);
            as("clinician", clinician).queryParam("patientId", patient).get("/v1/alerts").then()
                    .body("items[0].ruleCode", equalTo("OVL-FORM-BREAKDOWN"))
                    .body("items[0].evidence.size()", equalTo(2));
        }
    }

    @Test
    void aSessionSyncedLateLandsOnItsOwnDay() {
        UUID patient = UUID.randomUUID();
        UUID programId = UUID.randomUUID();
        UUID clinician = UUID.randomUUID();
        Instant today = Instant.now().minus(1, ChronoUnit.HOURS);
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            Events events = new Events(kafka);
            events.programmeIssued(programId, patient, clinician, LocalDate.now().minusDays(5));
            events.logged(Events.session(patient, programId, today, 2, Form.SLIPPED));
            // logged offline three days ago, synced now: it is the session before today's
            events.logged(Events.session(patient, programId, today.minus(3, ChronoUnit.DAYS), 2, Form.SLIPPED));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> as("clinician", clinician).queryParam("patientId", patient)
                .get("/v1/alerts").<Integer>path("items.size()") == 1);
        as("clinician", clinician).queryParam("patientId", patient).get("/v1/alerts").then()
                .body("items[0].ruleCode", equalTo("OVL-FORM-BREAKDOWN"))
                .body("items[0].evidence.size()", equalTo(2));
    }

    /** The record with event id {@code eventId} once it is on the dead-letter topic {@code topic}. */
    private static org.apache.kafka.clients.consumer.ConsumerRecord<String, String> deadLetter(KafkaCompanion kafka,
            String topic, String eventId) {
        ConsumerTask<String, String> dead = kafka.consumeStrings().fromTopics(topic);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> dead.getRecords().stream()
                    .anyMatch(r -> eventId.equals(header(r, "ce_id"))));
            return dead.getRecords().stream().filter(r -> eventId.equals(header(r, "ce_id"))).findFirst().orElseThrow();
        } finally {
            dead.stop();
        }
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
