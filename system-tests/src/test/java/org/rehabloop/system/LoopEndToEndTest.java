package org.rehabloop.system;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The loop of DESIGN.md through the public REST APIs and the real topics: a programme is issued, a painful session
 * is logged, an overload alert is raised, and plan-service applies the requested deload as version 2.
 */
class LoopEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static RunningSystem system;
    private static TopicReader planEvents;
    private static TopicReader workoutEvents;
    private static TopicReader adjustments;
    private static TopicReader alertEvents;

    private final UUID clinician = UUID.randomUUID();
    private final UUID patient = UUID.randomUUID();

    @BeforeAll
    static void start() {
        system = RunningSystem.get();
        String kafka = system.infrastructure.bootstrapServers();
        planEvents = new TopicReader(kafka, "plan.events");
        workoutEvents = new TopicReader(kafka, "workout.events");
        adjustments = new TopicReader(kafka, "plan.adjustments");
        alertEvents = new TopicReader(kafka, "assessment.alerts");
    }

    @AfterAll
    static void closeReaders() {
        List.of(planEvents, workoutEvents, adjustments, alertEvents).forEach(TopicReader::close);
    }

    private RequestSpecification as(String role, UUID subject, String service) {
        return given().baseUri(system.url(service)).auth().oauth2(system.tokens.mint(role, subject))
                .contentType(ContentType.JSON);
    }

    @Test
    void aPainfulSessionRaisesAnAlertAndThePlanIsDeloaded() {
        // 1. the clinician issues the programme: version 1, plan.issued on plan.events
        String programId = as("clinician", clinician, "plan-service")
                .body(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                        "startDate", LocalDate.now().toString()))
                .post("/v1/programs")
                .then().statusCode(201)
                .body("version", equalTo(1))
                .body("prescriptions.find { it.exerciseCode == 'clamshell' }.sets", equalTo(2))
                .extract().path("id");
        TopicReader.Event issued = planEvents.await(e -> e.key().equals(patient.toString())
                && "rehabloop.plan.issued.v1".equals(e.type()), WAIT);
        assertThat(issued.headers()).containsKeys("ce_id", "ce_source", "ce_time").containsEntry("ce_subject", patient.toString());
        assertThat(issued.data().get("programId").asText()).isEqualTo(programId);

        // 2. the patient logs a session with pain 7/10 during clamshells (retrying while logging-service learns the programme)
        UUID sessionId = UUID.randomUUID();
        Map<String, Object> session = session(sessionId, programId, 7);
        await().atMost(WAIT).until(() -> as("patient", patient, "logging-service").body(session)
                .post("/v1/patients/" + patient + "/sessions").statusCode() == 201);
        as("patient", patient, "logging-service").body(session).post("/v1/patients/" + patient + "/sessions")
                .then().statusCode(200).body("id", equalTo(sessionId.toString()));
        TopicReader.Event logged = workoutEvents.await(e -> e.key().equals(patient.toString())
                && "rehabloop.workout.logged.v1".equals(e.type()), WAIT);
        assertThat(logged.data().get("sessionId").asText()).isEqualTo(sessionId.toString());

        // 3. assessment-service raises OVL-PAIN-DURING (MEDIUM for 7/10) and requests a deload
        await().atMost(WAIT).until(() -> alertsOf(patient).path("items.size()").equals(1));
        Response alerts = alertsOf(patient);
        assertThat(alerts.<String>path("items[0].ruleCode")).isEqualTo("OVL-PAIN-DURING");
        assertThat(alerts.<String>path("items[0].severity")).isEqualTo("MEDIUM");
        assertThat(alerts.<String>path("items[0].category")).isEqualTo("OVERLOAD");
        assertThat(alerts.<String>path("items[0].exerciseCode")).isEqualTo("clamshell");
        assertThat(alerts.<String>path("items[0].message")).contains("Pain 7/10", "above the 5/10 limit");
        assertThat(alerts.<String>path("items[0].evidence[0].sessionId")).isEqualTo(sessionId.toString());
        String alertId = alerts.path("items[0].id");
        alertEvents.await(e -> "rehabloop.alert.raised.v1".equals(e.type())
                && e.data().get("id").asText().equals(alertId), WAIT);
        TopicReader.Event requested = adjustments.await(e -> e.key().equals(patient.toString())
                && "rehabloop.adjustment.requested.v1".equals(e.type()), WAIT);
        assertThat(requested.data().get("type").asText()).isEqualTo("DELOAD");
        assertThat(requested.data().get("exerciseCode").asText()).isEqualTo("clamshell");
        assertThat(requested.data().get("basedOnVersion").asInt()).isEqualTo(1);

        // 4. plan-service applies it under policy SAFE: version 2 with one clamshell set fewer
        await().atMost(WAIT).until(() -> as("clinician", clinician, "plan-service")
                .get("/v1/programs/" + programId).<Integer>path("version") == 2);
        as("clinician", clinician, "plan-service").get("/v1/programs/" + programId).then()
                .body("prescriptions.find { it.exerciseCode == 'clamshell' }.sets", equalTo(1))
                .body("prescriptions.find { it.exerciseCode == 'side-lying-hip-abduction' }.sets", equalTo(2));
        as("clinician", clinician, "plan-service").get("/v1/programs/" + programId + "/versions").then()
                .body("[1].changedBy", equalTo("assessment"))
                .body("[1].ruleCode", equalTo("OVL-PAIN-DURING"))
                .body("[1].alertId", equalTo(alertId))
                .body("[1].changes[0].before.sets", equalTo(2))
                .body("[1].changes[0].after.sets", equalTo(1));
        TopicReader.Event adjusted = planEvents.await(e -> e.key().equals(patient.toString())
                && "rehabloop.plan.adjusted.v1".equals(e.type()), WAIT);
        assertThat(adjusted.data().get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(adjusted.data().get("version").asInt()).isEqualTo(2);
        assertThat(adjusted.data().get("requestId").asText()).isEqualTo(requested.data().get("requestId").asText());

        // ...and the alert shows the outcome, and in its message the dose before and after (clamshell 2 x 15 -> 1 x 15)
        await().atMost(WAIT).until(() -> "APPLIED".equals(as("clinician", clinician, "assessment-service")
                .get("/v1/alerts/" + alertId).path("adjustment.outcome")));
        assertThat(as("clinician", clinician, "assessment-service").get("/v1/alerts/" + alertId).<String>path("message"))
                .endsWith("; deload applied: 2 x 15 -> 1 x 15.");
    }

    @Test
    void badSessionsAreRefusedNamingTheFieldAndNothingIsWritten() {
        UUID sessionId = UUID.randomUUID();
        String path = "/v1/patients/" + patient + "/sessions";
        as("patient", patient, "logging-service").body("{\"id\": ").post(path).then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", hasItem("body"));
        Map<String, Object> missing = new java.util.HashMap<>(session(sessionId, UUID.randomUUID().toString(), 3));
        missing.remove("performedAt");
        as("patient", patient, "logging-service").body(missing).post(path).then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", hasItem("performedAt"));
        as("patient", patient, "logging-service").body(session(sessionId, UUID.randomUUID().toString(), 11))
                .post(path).then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", hasItem("exercises[0].painDuring"));
        as("patient", patient, "logging-service").get(path + "/" + sessionId).then().statusCode(404);

        as("clinician", clinician, "plan-service").body(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                        "startDate", LocalDate.now().toString(), "sessionsPerWeek", 8))
                .post("/v1/programs").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("sessionsPerWeek"));
        as("clinician", clinician, "plan-service").get("/v1/patients/" + patient + "/program").then().statusCode(404);
    }

    @Test
    void withoutATokenNoServiceAnswers() {
        Map<String, String> endpoints = Map.of("plan-service", "/v1/exercises",
                "logging-service", "/v1/patients/" + patient + "/sessions", "assessment-service", "/v1/alerts");
        endpoints.forEach((service, path) -> {
            given().baseUri(system.url(service)).get(path).then().statusCode(401).contentType("application/problem+json");
            given().baseUri(system.url(service)).get("/q/health/ready").then().statusCode(200);
            given().baseUri(system.url(service)).get("/q/metrics").then().statusCode(200);
            given().baseUri(system.url(service)).get("/q/openapi").then().statusCode(200);
        });
    }

    private Response alertsOf(UUID patientId) {
        return as("clinician", clinician, "assessment-service").queryParam("patientId", patientId).get("/v1/alerts");
    }

    private static Map<String, Object> session(UUID id, String programId, int painDuring) {
        return Map.of(
                "id", id,
                "programId", programId,
                "programVersion", 1,
                "performedAt", Instant.now().minus(1, ChronoUnit.HOURS).toString(),
                "durationMinutes", 30,
                "sessionRpe", 6,
                "painBefore", 2,
                "exercises", List.of(Map.of(
                        "exerciseCode", "clamshell",
                        "form", "CLEAN",
                        "painDuring", painDuring,
                        "sets", List.of(Map.of("count", 15), Map.of("count", 15)))));
    }
}
