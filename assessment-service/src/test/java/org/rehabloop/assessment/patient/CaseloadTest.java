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
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.rehabloop.assessment.Auth.as;

/** A clinician's caseload: their patients only, those with the most serious open alerts first, filtered and paged. */
@QuarkusTest
class CaseloadTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void myPatientsWithTheMostSeriousOpenAlertsFirst() {
        UUID clinician = UUID.randomUUID();
        UUID quiet = UUID.randomUUID();
        UUID inPain = UUID.randomUUID();
        UUID sore = UUID.randomUUID();
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            Events events = new Events(kafka);
            UUID quietProgramme = UUID.randomUUID();
            UUID inPainProgramme = UUID.randomUUID();
            UUID soreProgramme = UUID.randomUUID();
            events.programmeIssued(quietProgramme, quiet, clinician, LocalDate.now().minusDays(2));
            events.programmeIssued(inPainProgramme, inPain, clinician, LocalDate.now().minusDays(2));
            events.programmeIssued(soreProgramme, sore, clinician, LocalDate.now().minusDays(2));
            events.logged(Events.session(quiet, quietProgramme, Instant.now().minusSeconds(7_200), 1, Form.CLEAN));
            events.logged(Events.session(inPain, inPainProgramme, Instant.now().minusSeconds(3_600), 8, Form.CLEAN));
            events.logged(Events.session(sore, soreProgramme, Instant.now().minusSeconds(3_600), 6, Form.CLEAN));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> as("clinician", clinician).get("/v1/clinicians/me/patients")
                .<Integer>path("items.findAll { it.openAlerts.total > 0 }.size()") == 2
                && as("clinician", clinician).get("/v1/clinicians/me/patients").<Integer>path("items.size()") == 3);

        as("clinician", clinician).get("/v1/clinicians/me/patients").then().statusCode(200)
                .body("items.patientId", contains(inPain.toString(), sore.toString(), quiet.toString()))
                .body("items[0].openAlerts.high", equalTo(1))
                .body("items[1].openAlerts.medium", equalTo(1))
                .body("items[2].openAlerts.total", equalTo(0))
                .body("items[0].programme.phase.number", equalTo(1))
                .body("items[0].adherence.sessions", equalTo(1))
                .body("items[0].lastSessionAt", notNullValue())
                .body("nextCursor", nullValue());
        as("clinician", clinician).queryParam("severity", "HIGH").get("/v1/clinicians/me/patients").then()
                .body("items.patientId", contains(inPain.toString()));
        as("clinician", clinician).queryParam("severity", "MEDIUM").queryParam("status", "OPEN")
                .get("/v1/clinicians/me/patients").then().body("items.patientId", contains(inPain.toString(), sore.toString()));

        String next = as("clinician", clinician).queryParam("limit", 2).get("/v1/clinicians/me/patients").then()
                .body("items.size()", equalTo(2)).extract().path("nextCursor");
        as("clinician", clinician).queryParam("limit", 2).queryParam("cursor", next).get("/v1/clinicians/me/patients").then()
                .body("items.patientId", contains(quiet.toString())).body("nextCursor", nullValue());

        as("clinician", UUID.randomUUID()).get("/v1/clinicians/me/patients").then().statusCode(200).body("items.size()", equalTo(0));
        as("patient", inPain).get("/v1/clinicians/me/patients").then().statusCode(403);
        as("clinician", clinician).queryParam("cursor", "nonsense!").get("/v1/clinicians/me/patients").then().statusCode(400)
                .body("violations.field", hasItem("cursor"));
        as("clinician", clinician).queryParam("severity", "SEVERE").get("/v1/clinicians/me/patients").then()
                .statusCode(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                        .and(org.hamcrest.Matchers.lessThan(500)))
                .contentType("application/problem+json");
    }
}
