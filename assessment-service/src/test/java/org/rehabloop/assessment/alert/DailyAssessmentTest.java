package org.rehabloop.assessment.alert;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.Events;
import org.rehabloop.assessment.projection.PatientProgram;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.rehabloop.assessment.Auth.as;

/** A patient who stops logging sends no events: the daily run finds them. */
@QuarkusTest
class DailyAssessmentTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DailyAssessment daily;

    @Test
    void theScheduleRaisesAnAdherenceAlertForAPatientWhoNeverLogged() {
        UUID clinician = UUID.randomUUID();
        UUID patient = UUID.randomUUID();
        UUID programId = UUID.randomUUID();
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            new Events(kafka).programmeIssued(programId, patient, clinician, LocalDate.now().minusDays(10));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> PatientProgram.findById(programId) != null));

        daily.runForAll();
        daily.runForAll();

        as("clinician", clinician).queryParam("patientId", patient).get("/v1/alerts").then().statusCode(200)
                .body("items.ruleCode", hasItem("STL-ADHERENCE"))
                .body("items.findAll { it.ruleCode == 'STL-ADHERENCE' }.size()", equalTo(1))
                .body("items.find { it.ruleCode == 'STL-ADHERENCE' }.category", equalTo("STALLED"));
    }
}
