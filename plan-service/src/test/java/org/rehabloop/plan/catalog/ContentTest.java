package org.rehabloop.plan.catalog;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.rehabloop.plan.Auth.as;

/** A clinic adds an exercise and a template as data, and programmes are issued from them at once. */
@QuarkusTest
class ContentTest {
    private static final Map<String, Object> FIRE_HYDRANT = Map.of("name", "Fire hydrant", "loadType", "BODYWEIGHT",
            "unit", "REPS", "perSide", true, "easierVariation", "clamshell", "targetMuscles", List.of("gluteus medius"),
            "equipment", List.of("exercise mat"), "instructions", "On hands and knees, lift one bent knee out to the side.");

    @Test
    void anAdminAddsAnExerciseAndATemplateAndAClinicianUsesThem() {
        as("admin", UUID.randomUUID()).contentType(ContentType.JSON).body(FIRE_HYDRANT)
                .put("/v1/exercises/fire-hydrant").then().statusCode(200).body("code", equalTo("fire-hydrant"));
        as("admin", UUID.randomUUID()).contentType(ContentType.JSON).body(Map.of("name", "Hip starter", "description",
                        "A shorter start for deconditioned patients.",
                        "phases", List.of(Map.of("number", 1, "name", "Start", "minimumWeeks", 1, "blocks", List.of("ACTIVATION", "RECOVERY"))),
                        "prescriptions", List.of(Map.of("exerciseCode", "fire-hydrant", "block", "ACTIVATION", "sets", 2, "target", 10),
                                Map.of("exerciseCode", "calf-stretch", "block", "RECOVERY", "sets", 1, "target", 30))))
                .put("/v1/templates/hip-starter").then().statusCode(200).body("prescriptions.exerciseCode", contains("fire-hydrant", "calf-stretch"));

        UUID clinician = UUID.randomUUID();
        as("clinician", clinician).contentType(ContentType.JSON).body(Map.of("patientId", UUID.randomUUID(),
                        "templateCode", "hip-starter", "startDate", LocalDate.now().toString()))
                .post("/v1/programs").then().statusCode(201)
                .body("prescriptions.exerciseCode", contains("fire-hydrant", "calf-stretch"))
                .body("phase.name", equalTo("Start"));
    }

    /** Admins saving the same template at once take turns: every save answers 200, none a duplicate row or deadlock. */
    @Test
    void savesOfTheSameTemplateAtOnceAllSucceed() throws Exception {
        Map<String, Object> template = Map.of("name", "Concurrent", "description", "Saved by many at once",
                "phases", List.of(Map.of("number", 1, "name", "Start", "blocks", List.of("ACTIVATION"))),
                "prescriptions", List.of(Map.of("exerciseCode", "clamshell", "block", "ACTIVATION", "sets", 2, "target", 10),
                        Map.of("exerciseCode", "calf-stretch", "block", "ACTIVATION", "sets", 1, "target", 30)));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> saves = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                saves.add(pool.submit(() -> as("admin", UUID.randomUUID()).contentType(ContentType.JSON).body(template)
                        .put("/v1/templates/concurrent-save").statusCode()));
            }
            for (var save : saves) {
                org.assertj.core.api.Assertions.assertThat(save.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyAnAdminChangesContentAndNamesMustExist() {
        as("clinician", UUID.randomUUID()).contentType(ContentType.JSON).body(FIRE_HYDRANT)
                .put("/v1/exercises/fire-hydrant").then().statusCode(403);
        Map<String, Object> bad = new java.util.HashMap<>(FIRE_HYDRANT);
        bad.put("harderVariation", "no-such-exercise");
        as("admin", UUID.randomUUID()).contentType(ContentType.JSON).body(bad)
                .put("/v1/exercises/fire-hydrant-2").then().statusCode(400).body("violations.field", hasItem("harderVariation"));
        as("admin", UUID.randomUUID()).contentType(ContentType.JSON).body(FIRE_HYDRANT)
                .put("/v1/exercises/Fire Hydrant").then().statusCode(400).body("violations.field", hasItem("code"));
    }

    /**
     * plan-service keeps the catalogue in memory for adjustments ({@link Catalogue}): a change an admin makes is what the
     * very next adjustment uses. The first PROGRESS finds no harder dose (its exercise is at 20 reps with no harder
     * variation) and reads the catalogue; then the admin gives the exercise a harder variation and a new template
     * target, and the same PROGRESS moves to that variation at that target.
     */
    @Test
    void theNextAdjustmentUsesTheCatalogueAsAnAdminJustChangedIt() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String base = "wall-press-" + suffix;
        String harder = "wall-press-harder-" + suffix;
        String template = "wall-press-start-" + suffix;
        Map<String, Object> exercise = new java.util.HashMap<>(Map.of("name", "Wall press", "loadType", "BODYWEIGHT",
                "unit", "REPS", "perSide", true, "targetMuscles", List.of("gluteus medius"), "equipment", List.of("wall"),
                "instructions", "Stand side-on to a wall and press the outer knee into it."));
        as("admin", UUID.randomUUID()).contentType(ContentType.JSON).body(exercise).put("/v1/exercises/" + base)
                .then().statusCode(200);
        Map<String, Object> phases = Map.of("number", 1, "name", "Start", "blocks", List.of("ACTIVATION"));
        as("admin", UUID.randomUUID()).contentType(ContentType.JSON).body(Map.of("name", "Wall press start",
                        "description", "One exercise.", "phases", List.of(phases), "prescriptions",
                        List.of(Map.of("exerciseCode", base, "block", "ACTIVATION", "sets", 2, "target", 20))))
                .put("/v1/templates/" + template).then().statusCode(200);
        UUID clinician = UUID.randomUUID();
        String programId = as("clinician", clinician).contentType(ContentType.JSON).body(Map.of("patientId", UUID.randomUUID(),
                        "templateCode", template, "startDate", LocalDate.now().toString()))
                .post("/v1/programs").then().statusCode(201).extract().path("id");
        Map<String, Object> progress = Map.of("type", "PROGRESS", "exerciseCode", base, "reason", "2 x 22, clean");
        as("clinician", clinician).contentType(ContentType.JSON).body(progress)
                .post("/v1/programs/" + programId + "/adjustments").then().statusCode(422);

        Map<String, Object> harderExercise = new java.util.HashMap<>(exercise);
        harderExercise.put("name", "Wall press, single leg");
        harderExercise.put("easierVariation", base);
        as("admin", UUID.randomUUID()).contentType(ContentType.JSON).body(harderExercise).put("/v1/exercises/" + harder)
                .then().statusCode(200);
        exercise.put("harderVariation", harder);
        as("admin", UUID.randomUUID()).contentType(ContentType.JSON).body(exercise).put("/v1/exercises/" + base)
                .then().statusCode(200);
        as("admin", UUID.randomUUID()).contentType(ContentType.JSON).body(Map.of("name", "Wall press start",
                        "description", "One exercise.", "phases", List.of(phases), "prescriptions",
                        List.of(Map.of("exerciseCode", base, "block", "ACTIVATION", "sets", 2, "target", 12))))
                .put("/v1/templates/" + template).then().statusCode(200);

        as("clinician", clinician).contentType(ContentType.JSON).body(progress)
                .post("/v1/programs/" + programId + "/adjustments").then().statusCode(201).body("status", equalTo("APPLIED"));
        as("clinician", clinician).get("/v1/programs/" + programId).then().statusCode(200)
                .body("prescriptions.exerciseCode", contains(harder))
                .body("prescriptions[0].target", equalTo(12));
    }
}
