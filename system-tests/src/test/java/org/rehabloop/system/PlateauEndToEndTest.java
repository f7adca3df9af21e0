package org.rehabloop.system;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * A stalled patient through the whole system: six clamshell sessions over three weeks with no better best set raise
 * STL-PLATEAU; the SUBSTITUTE it asks for is only proposed under policy SAFE, the alert says so, and the clinician's
 * approval applies it as a new version.
 */
class PlateauEndToEndTest {

    @Test
    void aPlateauBecomesAProposalTheClinicianApproves() {
        RunningSystem system = RunningSystem.get();
        UUID clinician = UUID.randomUUID();
        UUID patient = UUID.randomUUID();
        String clinicianToken = system.tokens.mint("clinician", clinician);
        String programId = given().baseUri(system.url("plan-service")).auth().oauth2(clinicianToken).contentType(ContentType.JSON)
                .body(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                        "startDate", LocalDate.now().minusDays(30).toString()))
                .post("/v1/programs").then().statusCode(201).body("autoAdjust", equalTo("SAFE")).extract().path("id");

        Instant first = Instant.now().minus(27, ChronoUnit.DAYS);
        for (int i = 0; i < 6; i++) {
            Map<String, Object> session = Map.of("id", UUID.randomUUID(), "programId", programId, "programVersion", 1,
                    "performedAt", first.plus(i * 5L, ChronoUnit.DAYS).toString(), "durationMinutes", 30, "sessionRpe", 5,
                    "painBefore", 1, "exercises", List.of(Map.of("exerciseCode", "clamshell", "form", "CLEAN",
                            "painDuring", 1, "sets", List.of(Map.of("count", 15), Map.of("count", 15)))));
            await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(system.url("logging-service"))
                    .auth().oauth2(system.tokens.mint("patient", patient)).contentType(ContentType.JSON).body(session)
                    .post("/v1/patients/" + patient + "/sessions").statusCode() == 201);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> "PROPOSED".equals(given().baseUri(system.url("assessment-service"))
                .auth().oauth2(clinicianToken).queryParam("patientId", patient).queryParam("category", "STALLED")
                .get("/v1/alerts").path("items.find { it.ruleCode == 'STL-PLATEAU' }.adjustment.outcome")));
        given().baseUri(system.url("assessment-service")).auth().oauth2(clinicianToken).queryParam("patientId", patient)
                .get("/v1/alerts").then()
                .body("items.find { it.ruleCode == 'STL-PLATEAU' }.adjustment.type", equalTo("SUBSTITUTE"))
                .body("items.find { it.ruleCode == 'STL-PLATEAU' }.message", org.hamcrest.Matchers.containsString("waiting for your approval"));

        String proposal = given().baseUri(system.url("plan-service")).auth().oauth2(clinicianToken).queryParam("status", "PENDING")
                .get("/v1/programs/" + programId + "/proposals").then().statusCode(200)
                .body("type", hasItem("SUBSTITUTE")).extract().path("find { it.type == 'SUBSTITUTE' }.id");
        given().baseUri(system.url("plan-service")).auth().oauth2(clinicianToken)
                .post("/v1/proposals/" + proposal + "/approve").then().statusCode(200).body("status", equalTo("APPLIED"));
        given().baseUri(system.url("plan-service")).auth().oauth2(clinicianToken).get("/v1/programs/" + programId).then()
                .body("prescriptions.exerciseCode", hasItem("banded-clamshell"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "APPLIED".equals(given().baseUri(system.url("assessment-service"))
                .auth().oauth2(clinicianToken).queryParam("patientId", patient)
                .get("/v1/alerts").path("items.find { it.ruleCode == 'STL-PLATEAU' }.adjustment.outcome")));
    }
}
