package org.rehabloop.assessment.patient;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.Events;
import org.rehabloop.contracts.Form;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.rehabloop.assessment.Auth.as;

@QuarkusTest
class PatientAssessmentTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void showsAdherencePainByWeekExerciseStatusAndOpenAlerts() {
        UUID clinician = UUID.randomUUID();
        UUID patient = UUID.randomUUID();
        UUID programId = UUID.randomUUID();
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            Events events = new Events(kafka);
            events.programmeIssued(programId, patient, clinician, LocalDate.now().minusDays(3));
            events.logged(Events.session(patient, programId, Instant.now().minusSeconds(86_400), 2, Form.CLEAN));
            events.logged(Events.session(patient, programId, Instant.now().minusSeconds(3_600), 7, Form.CLEAN));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> as("clinician", clinician)
                .get("/v1/patients/" + patient + "/assessment").statusCode() == 200
                && as("clinician", clinician).get("/v1/patients/" + patient + "/assessment").<Integer>path("openAlerts.size()") == 1);
        as("patient", patient).get("/v1/patients/" + patient + "/assessment").then().statusCode(200)
                .body("adherence.sessions", equalTo(2))
                .body("adherence.prescribed", equalTo(6))
                .body("weeklyPain", hasSize(6))
                .body("weeklyPain[5].ratings", equalTo(2))
                .body("exercises.find { it.exerciseCode == 'clamshell' }.status", equalTo("OVERLOADED"))
                .body("exercises.find { it.exerciseCode == 'side-lying-hip-abduction' }.status", equalTo("PROGRESSING"))
                .body("openAlerts[0].ruleCode", equalTo("OVL-PAIN-DURING"));
        as("clinician", UUID.randomUUID()).get("/v1/patients/" + patient + "/assessment").then().statusCode(404);
        as("patient", UUID.randomUUID()).get("/v1/patients/" + patient + "/assessment").then().statusCode(404);
        as("partner", UUID.randomUUID()).get("/v1/patients/" + patient + "/assessment").then().statusCode(403);
    }
}
