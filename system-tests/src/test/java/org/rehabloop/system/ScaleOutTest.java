package org.rehabloop.system;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two assessment-service instances in one consumer group split the partitions: a stream of painful sessions for
 * many patients gives each patient exactly one alert, none twice and none missed, while the group rebalances.
 */
class ScaleOutTest {
    private static final int PATIENTS = 24;

    @Test
    void twoAssessmentInstancesRaiseEveryAlertOnce() {
        RunningSystem system = RunningSystem.get();
        UUID clinician = UUID.randomUUID();
        List<UUID> patients = new ArrayList<>();
        List<String> programmes = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            UUID patient = UUID.randomUUID();
            patients.add(patient);
            programmes.add(given().baseUri(system.url("plan-service")).auth().oauth2(system.tokens.mint("clinician", clinician))
                    .contentType(ContentType.JSON).body(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                            "startDate", LocalDate.now().toString()))
                    .post("/v1/programs").then().statusCode(201).extract().<String>path("id"));
        }
        // the second instance joins while sessions are flowing: the group rebalances mid-stream
        Thread second = new Thread(() -> system.startAnotherInstance("assessment-service"));
        second.start();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < PATIENTS; i++) {
                UUID patient = patients.get(i);
                String programId = programmes.get(i);
                Map<String, Object> session = Map.of("id", UUID.randomUUID(), "programId", programId, "programVersion", 1,
                        "performedAt", Instant.now().minus(2 - round, ChronoUnit.HOURS).toString(), "durationMinutes", 30,
                        "sessionRpe", 5, "painBefore", 2, "exercises", List.of(Map.of("exerciseCode", "side-lying-hip-abduction",
                                "form", "CLEAN", "painDuring", 6 + round, "sets", List.of(Map.of("count", 15), Map.of("count", 15)))));
                await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(system.url("logging-service"))
                        .auth().oauth2(system.tokens.mint("patient", patient)).contentType(ContentType.JSON).body(session)
                        .post("/v1/patients/" + patient + "/sessions").statusCode() == 201);
            }
        }
        try {
            second.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String token = system.tokens.mint("clinician", clinician);
        await().atMost(Duration.ofSeconds(60)).until(() -> patients.stream().allMatch(p -> given()
                .baseUri(system.url("assessment-service")).auth().oauth2(token).queryParam("patientId", p)
                .get("/v1/alerts").<Integer>path("items[0].evidence.size()") == Integer.valueOf(2)));
        for (UUID patient : patients) {
            var alerts = given().baseUri(system.url("assessment-service")).auth().oauth2(token).queryParam("patientId", patient)
                    .get("/v1/alerts");
            assertThat(alerts.<List<?>>path("items")).as("alerts of " + patient).hasSize(1);
            assertThat(alerts.<String>path("items[0].ruleCode")).isEqualTo("OVL-PAIN-DURING");
            assertThat(alerts.<List<?>>path("items[0].evidence")).as("one piece of evidence per session, none twice").hasSize(2);
        }
    }
}
