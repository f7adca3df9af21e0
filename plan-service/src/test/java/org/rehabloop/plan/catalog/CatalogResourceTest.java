package org.rehabloop.plan.catalog;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.rehabloop.plan.Auth.as;

@QuarkusTest
class CatalogResourceTest {
    private static final UUID PATIENT = UUID.randomUUID();

    @Test
    void listsTheWholeCatalogue() {
        as("patient", PATIENT).get("/v1/exercises").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.greaterThanOrEqualTo(17))
                .body("code", hasItems("clamshell", "banded-clamshell", "side-lying-hip-abduction",
                        "side-lying-hip-abduction-weighted", "single-leg-deadlift", "supported-single-leg-deadlift",
                        "hip-thrust", "glute-bridge", "single-leg-hip-thrust", "lateral-band-walk", "monster-walk",
                        "step-up", "low-step-up", "quadriceps-stretch", "hamstring-stretch", "calf-stretch",
                        "knee-vibration-therapy"));
    }

    @Test
    void anExerciseCarriesItsVariationsAndInstructions() {
        as("patient", PATIENT).get("/v1/exercises/hip-thrust").then().statusCode(200)
                .body("loadType", equalTo("EXTERNAL"))
                .body("unit", equalTo("REPS"))
                .body("perSide", equalTo(false))
                .body("easierVariation", equalTo("glute-bridge"))
                .body("harderVariation", equalTo("single-leg-hip-thrust"));
    }

    @Test
    void anUnknownExerciseIsAProblem404() {
        as("patient", PATIENT).get("/v1/exercises/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void theTemplateHasTheArticlesPhasesAndDoses() {
        as("clinician", UUID.randomUUID()).get("/v1/templates/hip-strength-knee-pain").then().statusCode(200)
                .body("phases.name", contains("Activation", "Strengthening", "Functional"))
                .body("phases[0].minimumWeeks", equalTo(2))
                .body("phases[1].minimumWeeks", equalTo(4))
                .body("phases[2].blocks", contains("ACTIVATION", "STRENGTH", "FUNCTIONAL", "RECOVERY"))
                .body("prescriptions.find { it.exerciseCode == 'clamshell' }.sets", equalTo(2))
                .body("prescriptions.find { it.exerciseCode == 'clamshell' }.target", equalTo(15))
                .body("prescriptions.find { it.exerciseCode == 'single-leg-deadlift' }.sets", equalTo(3))
                .body("prescriptions.find { it.exerciseCode == 'single-leg-deadlift' }.target", equalTo(10))
                .body("prescriptions.find { it.exerciseCode == 'single-leg-deadlift' }.loadKg", equalTo(4.0f))
                .body("prescriptions.find { it.exerciseCode == 'hip-thrust' }.target", equalTo(12))
                .body("prescriptions.find { it.exerciseCode == 'lateral-band-walk' }.target", equalTo(20))
                .body("prescriptions.find { it.exerciseCode == 'lateral-band-walk' }.band", equalTo("LIGHT"))
                .body("prescriptions.find { it.exerciseCode == 'step-up' }.sets", equalTo(3))
                .body("prescriptions.find { it.exerciseCode == 'knee-vibration-therapy' }.target", equalTo(10));
    }

    @Test
    void withoutATokenNothingAnswers() {
        given().get("/v1/exercises").then().statusCode(401);
    }
}
