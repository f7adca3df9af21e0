package org.rehabloop.system;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every endpoint of the three services, called by each role, on the caller's own patient and on someone else's:
 * the status each must answer, nothing about the patient in a refusal, and nothing written by a refused write.
 */
class AccessMatrixTest {
    enum Caller { PATIENT_OWN, PATIENT_OTHER, CLINICIAN_OWN, CLINICIAN_OTHER, PARTNER_OWN, PARTNER_OTHER, ADMIN, NO_TOKEN }

    private static RunningSystem system;
    private static final UUID PATIENT = UUID.randomUUID();
    private static final UUID OTHER_PATIENT = UUID.randomUUID();
    private static final UUID CLINICIAN = UUID.randomUUID();
    private static final UUID OTHER_CLINICIAN = UUID.randomUUID();
    private static final UUID PARTNER = UUID.randomUUID();
    private static final UUID OTHER_PARTNER = UUID.randomUUID();
    private static final UUID ADMIN = UUID.randomUUID();
    private static String programId;
    private static String sessionId;
    private static String alertId;
    private static String webhookId;

    @BeforeAll
    static void patientWithAnAlert() {
        system = RunningSystem.get();
        programId = call(Caller.CLINICIAN_OWN, "plan-service").contentType(ContentType.JSON)
                .body(Map.of("patientId", PATIENT, "templateCode", "hip-strength-knee-pain", "startDate", LocalDate.now().toString()))
                .post("/v1/programs").then().statusCode(201).extract().path("id");
        sessionId = UUID.randomUUID().toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> call(Caller.PATIENT_OWN, "logging-service").contentType(ContentType.JSON)
                .body(session(sessionId, 7)).post("/v1/patients/" + PATIENT + "/sessions").statusCode() == 201);
        await().atMost(Duration.ofSeconds(30)).until(() -> call(Caller.CLINICIAN_OWN, "assessment-service")
                .queryParam("patientId", PATIENT).get("/v1/alerts").<Integer>path("items.size()") == 1);
        alertId = call(Caller.CLINICIAN_OWN, "assessment-service").queryParam("patientId", PATIENT).get("/v1/alerts").path("items[0].id");
        webhookId = call(Caller.PARTNER_OWN, "assessment-service").contentType(ContentType.JSON)
                .body(Map.of("url", "https://93.184.216.34/hook", "events", List.of("alert.raised")))
                .post("/v1/webhooks").then().statusCode(201).extract().path("subscription.id");
    }

    private static RequestSpecification call(Caller caller, String service) {
        RequestSpecification request = given().baseUri(system.url(service));
        return switch (caller) {
            case PATIENT_OWN -> request.auth().oauth2(system.tokens.mint("patient", PATIENT));
            case PATIENT_OTHER -> request.auth().oauth2(system.tokens.mint("patient", OTHER_PATIENT));
            case CLINICIAN_OWN -> request.auth().oauth2(system.tokens.mint("clinician", CLINICIAN));
            case CLINICIAN_OTHER -> request.auth().oauth2(system.tokens.mint("clinician", OTHER_CLINICIAN));
            case PARTNER_OWN -> request.auth().oauth2(system.tokens.mint("partner", PARTNER));
            case PARTNER_OTHER -> request.auth().oauth2(system.tokens.mint("partner", OTHER_PARTNER));
            case ADMIN -> request.auth().oauth2(system.tokens.mint("admin", ADMIN));
            case NO_TOKEN -> request;
        };
    }

    private static Map<String, Object> session(String id, int pain) {
        return Map.of("id", id, "programId", programId, "programVersion", 1,
                "performedAt", Instant.now().minus(1, ChronoUnit.HOURS).toString(), "durationMinutes", 30,
                "sessionRpe", 5, "painBefore", 2, "exercises", List.of(Map.of("exerciseCode", "clamshell",
                        "form", "CLEAN", "painDuring", pain, "sets", List.of(Map.of("count", 15)))));
    }

    /** One endpoint: how to call it, and the status for each caller. */
    record Row(String service, String endpoint, java.util.function.BiFunction<RequestSpecification, Caller, Response> send,
            Map<Caller, Integer> expected) {
    }

    private static Map<Caller, Integer> expect(int patientOwn, int patientOther, int clinicianOwn, int clinicianOther,
            int partner, int admin) {
        Map<Caller, Integer> m = new EnumMap<>(Caller.class);
        m.put(Caller.PATIENT_OWN, patientOwn);
        m.put(Caller.PATIENT_OTHER, patientOther);
        m.put(Caller.CLINICIAN_OWN, clinicianOwn);
        m.put(Caller.CLINICIAN_OTHER, clinicianOther);
        m.put(Caller.PARTNER_OWN, partner);
        m.put(Caller.PARTNER_OTHER, partner);
        m.put(Caller.ADMIN, admin);
        m.put(Caller.NO_TOKEN, 401);
        return m;
    }

    /** A partner's own subscription: its owner and admins may, another partner is told it does not exist. */
    private static Map<Caller, Integer> webhook(int owner, int admin) {
        Map<Caller, Integer> m = expect(403, 403, 403, 403, owner, admin);
        m.put(Caller.PARTNER_OTHER, 404);
        return m;
    }

    /** Deleting: others are refused before the owner deletes it; after that it is gone for the admin too. */
    private static Map<Caller, Integer> deleteWebhook() {
        Map<Caller, Integer> m = webhook(204, 404);
        return m;
    }

    private static List<Row> rows() {
        String p = "/v1/patients/" + PATIENT;
        Supplier<Map<String, Object>> newSession = () -> session(UUID.randomUUID().toString(), 1);
        List<Row> rows = new ArrayList<>();
        // plan-service
        rows.add(new Row("plan-service", "GET /v1/exercises", (r, c) -> r.get("/v1/exercises"), expect(200, 200, 200, 200, 200, 200)));
        rows.add(new Row("plan-service", "GET /v1/exercises/{code}", (r, c) -> r.get("/v1/exercises/clamshell"), expect(200, 200, 200, 200, 200, 200)));
        rows.add(new Row("plan-service", "GET /v1/templates", (r, c) -> r.get("/v1/templates"), expect(200, 200, 200, 200, 200, 200)));
        rows.add(new Row("plan-service", "GET /v1/templates/{code}", (r, c) -> r.get("/v1/templates/hip-strength-knee-pain"), expect(200, 200, 200, 200, 200, 200)));
        rows.add(new Row("plan-service", "POST /v1/programs", (r, c) -> r.contentType(ContentType.JSON).body(Map.of("patientId",
                UUID.randomUUID(), "templateCode", "hip-strength-knee-pain", "startDate", LocalDate.now().toString()))
                .post("/v1/programs"), expect(403, 403, 201, 201, 403, 403)));
        rows.add(new Row("plan-service", "GET /v1/programs/{id}", (r, c) -> r.get("/v1/programs/" + programId), expect(200, 404, 200, 404, 403, 200)));
        rows.add(new Row("plan-service", "GET /v1/patients/{id}/program", (r, c) -> r.get(p + "/program"), expect(200, 404, 200, 404, 403, 200)));
        rows.add(new Row("plan-service", "GET /v1/patients/{id}/programs", (r, c) -> r.get(p + "/programs"), expect(200, 404, 200, 404, 403, 200)));
        rows.add(new Row("plan-service", "GET /v1/patients/{id}/program/today", (r, c) -> r.get(p + "/program/today"), expect(200, 404, 200, 404, 403, 200)));
        rows.add(new Row("plan-service", "GET /v1/programs/{id}/versions", (r, c) -> r.get("/v1/programs/" + programId + "/versions"), expect(200, 404, 200, 404, 403, 200)));
        rows.add(new Row("plan-service", "POST /v1/programs/{id}/adjustments", (r, c) -> r.contentType(ContentType.JSON)
                .body(Map.of("type", "HOLD", "exerciseCode", "side-lying-hip-abduction", "reason", "matrix"))
                .post("/v1/programs/" + programId + "/adjustments"), expect(403, 403, 201, 404, 403, 403)));
        rows.add(new Row("plan-service", "GET /v1/programs/{id}/proposals", (r, c) -> r.get("/v1/programs/" + programId + "/proposals"), expect(403, 403, 200, 404, 403, 200)));
        rows.add(new Row("plan-service", "POST /v1/proposals/{id}/approve", (r, c) -> r.post("/v1/proposals/" + UUID.randomUUID() + "/approve"), expect(403, 403, 404, 404, 403, 403)));
        rows.add(new Row("plan-service", "POST /v1/proposals/{id}/reject", (r, c) -> r.post("/v1/proposals/" + UUID.randomUUID() + "/reject"), expect(403, 403, 404, 404, 403, 403)));
        rows.add(new Row("plan-service", "GET /v1/audit", (r, c) -> r.queryParam("patientId", PATIENT).get("/v1/audit"), expect(403, 403, 403, 403, 403, 200)));
        // logging-service
        rows.add(new Row("logging-service", "POST /v1/patients/{id}/sessions", (r, c) -> r.contentType(ContentType.JSON)
                .body(newSession.get()).post(p + "/sessions"), expect(201, 404, 403, 403, 403, 403)));
        rows.add(new Row("logging-service", "POST /v1/patients/{id}/pain-checkins", (r, c) -> r.contentType(ContentType.JSON)
                .body(Map.of("id", UUID.randomUUID(), "at", Instant.now().minusSeconds(60).toString(), "pain", 2, "kind", "DAILY"))
                .post(p + "/pain-checkins"), expect(201, 404, 403, 403, 403, 403)));
        rows.add(new Row("logging-service", "POST /v1/patients/{id}/sync", (r, c) -> r.contentType(ContentType.JSON)
                .body(Map.of("sessions", List.of(newSession.get()))).post(p + "/sync"), expect(200, 404, 403, 403, 403, 403)));
        rows.add(new Row("logging-service", "GET /v1/patients/{id}/pain-checkins", (r, c) -> r.get(p + "/pain-checkins"), expect(200, 404, 200, 404, 403, 200)));
        rows.add(new Row("logging-service", "GET /v1/patients/{id}/sessions", (r, c) -> r.get(p + "/sessions"), expect(200, 404, 200, 404, 403, 200)));
        rows.add(new Row("logging-service", "GET /v1/patients/{id}/sessions/{sid}", (r, c) -> r.get(p + "/sessions/" + sessionId), expect(200, 404, 200, 404, 403, 200)));
        rows.add(new Row("logging-service", "GET /v1/audit", (r, c) -> r.queryParam("patientId", PATIENT).get("/v1/audit"), expect(403, 403, 403, 403, 403, 200)));
        // assessment-service
        rows.add(new Row("assessment-service", "GET /v1/alerts", (r, c) -> r.get("/v1/alerts"), expect(403, 403, 200, 200, 403, 200)));
        rows.add(new Row("assessment-service", "GET /v1/alerts/{id}", (r, c) -> r.get("/v1/alerts/" + alertId), expect(403, 403, 200, 404, 403, 200)));
        rows.add(new Row("assessment-service", "POST /v1/alerts/{id}/acknowledge", (r, c) -> r.contentType(ContentType.JSON).body("{}")
                .post("/v1/alerts/" + alertId + "/acknowledge"), expect(403, 403, 200, 404, 403, 200)));
        rows.add(new Row("assessment-service", "GET /v1/clinicians/me/patients", (r, c) -> r.get("/v1/clinicians/me/patients"), expect(403, 403, 200, 200, 403, 200)));
        rows.add(new Row("assessment-service", "GET /v1/patients/{id}/assessment", (r, c) -> r.get(p + "/assessment"), expect(200, 404, 200, 404, 403, 200)));
        rows.add(new Row("assessment-service", "POST /v1/simulate", (r, c) -> r.contentType(ContentType.JSON).body(Map.of(
                "program", Map.of("sessionsPerWeek", 3, "startDate", LocalDate.now().toString(), "prescriptions", List.of(Map.of(
                        "exerciseCode", "clamshell", "block", "ACTIVATION", "sets", 2, "target", 15, "unit", "REPS", "perSide", true))),
                "sessions", List.of())).post("/v1/simulate"), expect(403, 403, 200, 200, 403, 200)));
        rows.add(new Row("assessment-service", "GET /v1/audit", (r, c) -> r.queryParam("patientId", PATIENT).get("/v1/audit"), expect(403, 403, 403, 403, 403, 200)));
        String w = "/v1/webhooks/" + webhookId;
        rows.add(new Row("assessment-service", "GET /v1/webhooks", (r, c) -> r.get("/v1/webhooks"), expect(403, 403, 403, 403, 200, 200)));
        rows.add(new Row("assessment-service", "POST /v1/webhooks", (r, c) -> r.contentType(ContentType.JSON)
                .body(Map.of("url", "https://93.184.216.34/other", "events", List.of("plan.issued"))).post("/v1/webhooks"),
                expect(403, 403, 403, 403, 201, 201)));
        rows.add(new Row("assessment-service", "GET /v1/webhooks/{id}", (r, c) -> r.get(w), webhook(200, 200)));
        rows.add(new Row("assessment-service", "PATCH /v1/webhooks/{id}", (r, c) -> r.contentType(ContentType.JSON)
                .body(Map.of("description", "matrix")).patch(w), webhook(200, 200)));
        rows.add(new Row("assessment-service", "POST /v1/webhooks/{id}/rotate-secret", (r, c) -> r.post(w + "/rotate-secret"), webhook(200, 200)));
        rows.add(new Row("assessment-service", "POST /v1/webhooks/{id}/ping", (r, c) -> r.post(w + "/ping"), webhook(202, 202)));
        rows.add(new Row("assessment-service", "GET /v1/webhooks/{id}/deliveries", (r, c) -> r.get(w + "/deliveries"), webhook(200, 200)));
        rows.add(new Row("assessment-service", "POST /v1/webhooks/{id}/deliveries/{d}/replay", (r, c) -> r.post(w + "/deliveries/"
                + UUID.randomUUID() + "/replay"), webhook(404, 404)));
        rows.add(new Row("assessment-service", "GET /v1/partners/{id}/entitlements", (r, c) -> r.get("/v1/partners/" + PARTNER
                + "/entitlements"), expect(403, 403, 403, 403, 403, 200)));
        rows.add(new Row("assessment-service", "PUT /v1/partners/{id}/entitlements", (r, c) -> r.contentType(ContentType.JSON)
                .body(Map.of("clinicianIds", List.of(CLINICIAN), "patientIds", List.of())).put("/v1/partners/" + PARTNER
                + "/entitlements"), expect(403, 403, 403, 403, 403, 200)));
        rows.add(new Row("assessment-service", "DELETE /v1/webhooks/{id}", (r, c) -> r.delete(w), deleteWebhook()));
        rows.add(new Row("assessment-service", "POST /v1/alerts/{id}/resolve", (r, c) -> r.contentType(ContentType.JSON).body("{}")
                .post("/v1/alerts/" + alertId + "/resolve"), expect(403, 403, 200, 404, 403, 200)));
        return rows;
    }

    @TestFactory
    List<DynamicTest> everyEndpointWithEveryCaller() {
        List<Row> rows = rows();
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows) {
            for (Caller caller : Caller.values()) {
                int expected = row.expected().get(caller);
                tests.add(DynamicTest.dynamicTest(row.endpoint() + " [" + row.service() + "] as " + caller + " -> " + expected, () -> {
                    Response response = row.send().apply(call(caller, row.service()), caller);
                    assertThat(response.statusCode()).as(row.endpoint() + " as " + caller).isEqualTo(expected);
                    if (expected >= 400) {
                        assertThat(response.contentType()).startsWith("application/problem+json");
                        // the problem names no one (its "instance" only echoes the path the caller sent)
                        String told = response.path("title") + " " + response.path("detail") + " " + response.path("violations");
                        assertThat(told).doesNotContain(PATIENT.toString()).doesNotContain(programId).doesNotContain(alertId)
                                .doesNotContain(webhookId)
                                .doesNotContain("Exception").doesNotContain("at org.");
                    }
                }));
            }
        }
        System.out.printf("%nACCESS MATRIX: %d endpoints x %d callers = %d cases%n", rows.size(), Caller.values().length,
                rows.size() * Caller.values().length);
        tests.add(DynamicTest.dynamicTest("another clinician's alert list shows none of this patient's alerts", () ->
                assertThat(call(Caller.CLINICIAN_OTHER, "assessment-service").get("/v1/alerts").asString())
                        .doesNotContain(PATIENT.toString())));
        tests.add(DynamicTest.dynamicTest("a refused session write stored nothing", () -> {
            String refused = UUID.randomUUID().toString();
            call(Caller.PATIENT_OTHER, "logging-service").contentType(ContentType.JSON).body(session(refused, 1))
                    .post("/v1/patients/" + PATIENT + "/sessions").then().statusCode(404);
            call(Caller.ADMIN, "logging-service").get("/v1/patients/" + PATIENT + "/sessions/" + refused).then().statusCode(404);
        }));
        return tests;
    }
}
