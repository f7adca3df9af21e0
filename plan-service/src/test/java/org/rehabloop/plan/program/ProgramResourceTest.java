package org.rehabloop.plan.program;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.rehabloop.plan.Auth.as;

@QuarkusTest
class ProgramResourceTest {
    private final UUID clinician = UUID.randomUUID();
    private final UUID patient = UUID.randomUUID();

    private String issue(Map<String, Object> body) {
        return as("clinician", clinician).contentType(ContentType.JSON).body(body).post("/v1/programs")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void issuesVersionOneWithThePhaseOneBlocksInSessionOrder() {
        String id = issue(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                "startDate", LocalDate.now().toString()));
        as("clinician", clinician).get("/v1/programs/" + id).then().statusCode(200)
                .body("version", equalTo(1))
                .body("status", equalTo("ACTIVE"))
                .body("sessionsPerWeek", equalTo(3))
                .body("autoAdjust", equalTo("SAFE"))
                .body("phase.number", equalTo(1))
                .body("phase.name", equalTo("Activation"))
                .body("prescriptions.exerciseCode", contains("clamshell", "side-lying-hip-abduction",
                        "knee-vibration-therapy", "quadriceps-stretch", "hamstring-stretch", "calf-stretch"))
                .body("prescriptions[0].sets", equalTo(2))
                .body("prescriptions[0].target", equalTo(15))
                .body("prescriptions[0].perSide", equalTo(true))
                .body("prescriptions[0].unit", equalTo("REPS"));
        as("patient", patient).get("/v1/patients/" + patient + "/program").then().statusCode(200).body("id", equalTo(id));
        as("clinician", clinician).get("/v1/programs/" + id + "/versions").then().statusCode(200)
                .body("[0].version", equalTo(1))
                .body("[0].changedBy", equalTo(clinician.toString()))
                .body("[0].changes[0].before", nullValue());
    }

    @Test
    void aSecondActiveProgrammeIsAConflict() {
        Map<String, Object> body = Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                "startDate", LocalDate.now().toString());
        issue(body);
        as("clinician", clinician).contentType(ContentType.JSON).body(body).post("/v1/programs")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void theClinicianMayOverrideDoses() {
        String id = issue(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                "startDate", LocalDate.now().minusDays(90).toString(), "sessionsPerWeek", 7, "autoAdjust", "NONE",
                "doses", java.util.List.of(Map.of("exerciseCode", "clamshell", "sets", 3, "target", 12))));
        as("clinician", clinician).get("/v1/programs/" + id).then()
                .body("autoAdjust", equalTo("NONE"))
                .body("prescriptions[0].sets", equalTo(3))
                .body("prescriptions[0].target", equalTo(12));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown template          | {\"patientId\":\"%s\",\"templateCode\":\"nope\",\"startDate\":\"%s\"}                                 | templateCode",
            "sessionsPerWeek 0         | {\"patientId\":\"%s\",\"templateCode\":\"hip-strength-knee-pain\",\"startDate\":\"%s\",\"sessionsPerWeek\":0} | sessionsPerWeek",
            "sessionsPerWeek 8         | {\"patientId\":\"%s\",\"templateCode\":\"hip-strength-knee-pain\",\"startDate\":\"%s\",\"sessionsPerWeek\":8} | sessionsPerWeek",
            "missing patient           | {\"templateCode\":\"hip-strength-knee-pain\",\"startDate\":\"%2$s\"}                                 | patientId",
            "not a uuid                | {\"patientId\":\"x%s\",\"templateCode\":\"hip-strength-knee-pain\",\"startDate\":\"%s\"}              | patientId",
            "unknown autoAdjust        | {\"patientId\":\"%s\",\"templateCode\":\"hip-strength-knee-pain\",\"startDate\":\"%s\",\"autoAdjust\":\"SOME\"} | autoAdjust",
            "dose -1                   | {\"patientId\":\"%s\",\"templateCode\":\"hip-strength-knee-pain\",\"startDate\":\"%s\",\"doses\":[{\"exerciseCode\":\"clamshell\",\"sets\":-1}]} | doses[0].sets",
            "unknown exercise in doses | {\"patientId\":\"%s\",\"templateCode\":\"hip-strength-knee-pain\",\"startDate\":\"%s\",\"doses\":[{\"exerciseCode\":\"nope\",\"sets\":2}]} | doses[0].exerciseCode",
            "malformed JSON            | {\"patientId\":\"%s\",\"templateCode\":                                                                  | body",
    })
    void badInputIsA400NamingTheFieldAndWritesNothing(String name, String template, String field) {
        String body = String.format(template, patient, LocalDate.now());
        as("clinician", clinician).contentType(ContentType.JSON).body(body).post("/v1/programs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", hasItem(field));
        as("clinician", clinician).get("/v1/patients/" + patient + "/program").then().statusCode(404);
    }

    @Test
    void aStartDate91DaysAgoIsRefused() {
        as("clinician", clinician).contentType(ContentType.JSON)
                .body(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                        "startDate", LocalDate.now().minusDays(91).toString()))
                .post("/v1/programs").then().statusCode(400).body("violations.field", hasItem("startDate"));
    }

    @Test
    void othersDoNotSeeTheProgramme() {
        String id = issue(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                "startDate", LocalDate.now().toString()));
        as("clinician", UUID.randomUUID()).get("/v1/programs/" + id).then().statusCode(404);
        as("patient", UUID.randomUUID()).get("/v1/programs/" + id).then().statusCode(404);
        as("partner", UUID.randomUUID()).get("/v1/programs/" + id).then().statusCode(403);
        as("patient", patient).contentType(ContentType.JSON).body(Map.of("patientId", patient,
                "templateCode", "hip-strength-knee-pain", "startDate", LocalDate.now().toString()))
                .post("/v1/programs").then().statusCode(403);
        as("admin", UUID.randomUUID()).get("/v1/programs/" + id).then().statusCode(200);
    }

    @Test
    void aPatientsProgrammesAreListedForThoseWhoMaySeeThem() {
        String id = issue(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                "startDate", LocalDate.now().toString()));
        as("clinician", clinician).get("/v1/patients/" + patient + "/programs").then().statusCode(200)
                .body("id", contains(id)).body("[0].status", equalTo("ACTIVE"));
        as("patient", patient).get("/v1/patients/" + patient + "/programs").then().statusCode(200).body("id", contains(id));
        as("admin", UUID.randomUUID()).get("/v1/patients/" + patient + "/programs").then().statusCode(200).body("id", contains(id));
        as("clinician", UUID.randomUUID()).get("/v1/patients/" + patient + "/programs").then().statusCode(404);
        as("patient", UUID.randomUUID()).get("/v1/patients/" + patient + "/programs").then().statusCode(404);
        as("partner", UUID.randomUUID()).get("/v1/patients/" + patient + "/programs").then().statusCode(403);
        UUID newPatient = UUID.randomUUID();
        as("patient", newPatient).get("/v1/patients/" + newPatient + "/programs").then().statusCode(200)
                .body("size()", equalTo(0));
    }
}
