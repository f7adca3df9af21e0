package org.rehabloop.plan.adjustment;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.rehabloop.plan.Auth.as;

/** The clinician's own changes and the record they leave. */
@QuarkusTest
class ManualAdjustmentTest {
    private final UUID clinician = UUID.randomUUID();
    private final UUID patient = UUID.randomUUID();
    private String programId;

    @BeforeEach
    void issue() {
        programId = as("clinician", clinician).contentType(ContentType.JSON)
                .body(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                        "startDate", LocalDate.now().minusDays(20).toString()))
                .post("/v1/programs").then().statusCode(201).extract().path("id");
    }

    private io.restassured.response.ValidatableResponse adjust(Map<String, Object> body) {
        return as("clinician", clinician).contentType(ContentType.JSON).body(body)
                .post("/v1/programs/" + programId + "/adjustments").then();
    }

    @Test
    void progressThenAdvancePhaseLeaveAReadableRecord() {
        adjust(Map.of("type", "PROGRESS", "exerciseCode", "clamshell", "reason", "2 x 17 with clean form"))
                .statusCode(201).body("status", equalTo("APPLIED")).body("appliedVersion", equalTo(2));
        adjust(Map.of("type", "ADVANCE_PHASE", "reason", "two weeks done, no pain"))
                .statusCode(201).body("appliedVersion", equalTo(3));
        as("clinician", clinician).get("/v1/programs/" + programId).then()
                .body("phase.number", equalTo(2))
                .body("phase.name", equalTo("Strengthening"))
                .body("prescriptions.block", contains("ACTIVATION", "ACTIVATION", "STRENGTH", "STRENGTH",
                        "RECOVERY", "RECOVERY", "RECOVERY", "RECOVERY"))
                .body("prescriptions.find { it.exerciseCode == 'single-leg-deadlift' }.loadKg", equalTo(4.0f));
        as("patient", patient).get("/v1/programs/" + programId + "/versions").then().statusCode(200)
                .body("[1].summary[0]", equalTo("clamshell: 2 x 15 reps per side -> 2 x 17 reps per side"))
                .body("[1].changedBy", equalTo(clinician.toString()))
                .body("[1].reason", equalTo("2 x 17 with clean form"))
                .body("[2].summary", hasItem("single-leg-deadlift: 3 x 10 reps per side at 4 kg (joins with phase 2)"));
    }

    @Test
    void todaysSessionHasTheBlocksInOrderWithInstructions() {
        as("patient", patient).queryParam("date", LocalDate.now().toString())
                .get("/v1/patients/" + patient + "/program/today").then().statusCode(200)
                .body("blocks.block", contains("ACTIVATION", "RECOVERY"))
                .body("blocks[0].exercises[0].name", equalTo("Clamshell"))
                .body("blocks[0].exercises[0].sets", equalTo(2))
                .body("blocks[0].exercises[0].instructions", org.hamcrest.Matchers.containsString("knee"));
        as("patient", patient).queryParam("date", LocalDate.now().minusDays(30).toString())
                .get("/v1/patients/" + patient + "/program/today").then().statusCode(400)
                .body("violations.field", hasItem("date"));
    }

    @Test
    void anImpossibleChangeIs422AndWritesNoVersion() {
        adjust(Map.of("type", "DELOAD", "exerciseCode", "clamshell", "reason", "pain")).statusCode(201);
        adjust(Map.of("type", "DELOAD", "exerciseCode", "clamshell", "reason", "pain again"))
                .statusCode(422).contentType("application/problem+json");
        adjust(Map.of("type", "DELOAD", "exerciseCode", "step-up", "reason", "not in phase 1")).statusCode(422);
        adjust(Map.of("type", "DELOAD", "reason", "which one?")).statusCode(400).body("violations.field", hasItem("exerciseCode"));
        adjust(Map.of("type", "SHRINK", "exerciseCode", "clamshell", "reason", "x")).statusCode(400).body("violations.field", hasItem("type"));
        as("clinician", clinician).get("/v1/programs/" + programId).then().body("version", equalTo(2));
        as("patient", patient).contentType(ContentType.JSON).body(Map.of("type", "DELOAD", "exerciseCode", "clamshell", "reason", "x"))
                .post("/v1/programs/" + programId + "/adjustments").then().statusCode(403);
    }
}
