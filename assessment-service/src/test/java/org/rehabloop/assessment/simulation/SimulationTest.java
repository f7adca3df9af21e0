package org.rehabloop.assessment.simulation;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.Events;
import org.rehabloop.assessment.alert.Alert;
import org.rehabloop.contracts.Block;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Unit;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.rehabloop.assessment.Auth.as;

/** The live rules, run over a history sent in, with nothing stored. */
@QuarkusTest
class SimulationTest {

    @Test
    void aPainfulSessionGivesTheFindingAndTheDeloadAndStoresNothing() {
        long alertsBefore = Alert.count();
        UUID patient = UUID.randomUUID();
        Instant at = Instant.now().minusSeconds(3600);
        Map<String, Object> body = Map.of(
                "program", clamshellsSinceTwoDays(),
                "sessions", List.of(Events.session(patient, UUID.randomUUID(), at, 8, Form.CLEAN)),
                "at", Instant.now().toString());
        as("clinician", UUID.randomUUID()).contentType(ContentType.JSON).body(body).post("/v1/simulate").then()
                .statusCode(200)
                .body("findings.ruleCode", hasItem("OVL-PAIN-DURING"))
                .body("findings.find { it.ruleCode == 'OVL-PAIN-DURING' }.severity", equalTo("HIGH"))
                .body("adjustments.find { it.ruleCode == 'OVL-PAIN-DURING' }.adjustment.type", equalTo("DELOAD"));
        assertThat(Alert.count()).isEqualTo(alertsBefore);
    }

    @Test
    void badInputNamesTheField() {
        as("clinician", UUID.randomUUID()).contentType(ContentType.JSON)
                .body(Map.of("program", Map.of("sessionsPerWeek", 9, "startDate", "2026-01-01", "prescriptions", List.of()),
                        "sessions", List.of()))
                .post("/v1/simulate").then().statusCode(400)
                .body("violations.field", hasItem("program.sessionsPerWeek"))
                .body("violations.field", hasItem("program.prescriptions"));
        as("patient", UUID.randomUUID()).contentType(ContentType.JSON).body("{}").post("/v1/simulate").then().statusCode(403);
    }

    @Test
    void aSessionIdTwiceInTheHistoryNamesTheRepeat() {
        UUID patient = UUID.randomUUID();
        UUID program = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        UUID checkIn = UUID.randomUUID();
        Instant at = Instant.now().minusSeconds(7200);
        Map<String, Object> body = Map.of(
                "program", clamshellsSinceTwoDays(),
                "sessions", List.of(withId(Events.session(patient, program, at, 2, Form.CLEAN), id),
                        Events.session(patient, program, at.plusSeconds(60), 3, Form.CLEAN),
                        withId(Events.session(patient, program, at.plusSeconds(120), 8, Form.CLEAN), id)),
                "checkIns", List.of(Map.of("checkInId", checkIn.toString(), "at", at.toString(), "pain", 2, "kind", "DAILY"),
                        Map.of("checkInId", checkIn.toString(), "at", at.plusSeconds(60).toString(), "pain", 3, "kind", "DAILY")));
        as("clinician", UUID.randomUUID()).contentType(ContentType.JSON).body(body).post("/v1/simulate").then()
                .statusCode(400).contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("sessions[2].sessionId", "checkIns[1].checkInId")));
    }

    private static Map<String, Object> clamshellsSinceTwoDays() {
        return Map.of("sessionsPerWeek", 3, "startDate", LocalDate.now().minusDays(2).toString(),
                "prescriptions", List.of(new Prescription("clamshell", Block.ACTIVATION, 2, 15, Unit.REPS, true, null, null)));
    }

    private static WorkoutLogged withId(WorkoutLogged s, UUID id) {
        return new WorkoutLogged(id, s.patientId(), s.programId(), s.programVersion(), s.performedAt(), s.durationMinutes(),
                s.sessionRpe(), s.painBefore(), s.exercises(), s.loggedAt());
    }

    /** The event payloads carry no constraints: what the rules read is checked, so a gap is a 400, not a 500. */
    @Test
    void aHistoryWithAMissingValueNamesItInsteadOfFailing() {
        Map<String, Object> program = Map.of("sessionsPerWeek", 3, "startDate", LocalDate.now().minusDays(2).toString(),
                "prescriptions", List.of(Map.of("exerciseCode", "clamshell", "block", "ACTIVATION", "sets", 2, "target", 15,
                        "unit", "REPS", "perSide", true)));
        as("clinician", UUID.randomUUID()).contentType(ContentType.JSON)
                .body(Map.of("program", program, "sessions", List.of(Map.of("sessionId", UUID.randomUUID().toString(),
                        "exercises", List.of(Map.of("form", "CLEAN", "painDuring", 3, "sets", List.of(Map.of("count", 15))))))))
                .post("/v1/simulate").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("sessions[0].performedAt"))
                .body("violations.field", hasItem("sessions[0].exercises[0].exerciseCode"));
        as("clinician", UUID.randomUUID()).contentType(ContentType.JSON)
                .body("{\"program\": {\"sessionsPerWeek\": 3, \"startDate\": \"2026-01-01\", \"prescriptions\": [{\"exerciseCode\": "
                        + "\"clamshell\", \"block\": \"ACTIVATION\", \"sets\": 2, \"target\": 15, \"unit\": \"REPS\"}]}, "
                        + "\"sessions\": [], \"at\": 1e308}")
                .post("/v1/simulate").then().statusCode(400).body("violations.field", hasItem("at"));
    }
}
