package org.rehabloop.logging.session;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.rehabloop.logging.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.rehabloop.logging.Auth.as;

/** Sessions against the real PostgreSQL and Kafka: the programme arrives on plan.events, the session leaves on workout.events. */
@QuarkusTest
class SessionResourceTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaCompanion kafka;
    private final UUID patient = UUID.randomUUID();
    private final UUID clinician = UUID.randomUUID();
    private final UUID programId = UUID.randomUUID();

    @BeforeEach
    void programmeIssued() throws Exception {
        kafka = new KafkaCompanion(bootstrapServers);
        Fixtures.programmeIssued(kafka, programId, patient, clinician);
        await().atMost(Duration.ofSeconds(20)).until(() -> post(session(UUID.randomUUID(), 2)).statusCode() == 201);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    private io.restassured.response.Response post(Object body) {
        return as("patient", patient).contentType(ContentType.JSON).body(body).post("/v1/patients/" + patient + "/sessions");
    }

    private Map<String, Object> session(UUID id, int painDuring) {
        return Fixtures.session(id, programId, painDuring);
    }

    @Test
    void theSameBodyAgainIs200AnotherBodyIs409AndOnlyOneEventIsPublished() {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = session(id, 3);
        post(body).then().statusCode(201).body("id", equalTo(id.toString()));
        post(body).then().statusCode(200).body("id", equalTo(id.toString()));
        post(session(id, 4)).then().statusCode(409).contentType("application/problem+json");
        as("patient", patient).get("/v1/patients/" + patient + "/sessions/" + id).then().statusCode(200)
                .body("exercises[0].painDuring", equalTo(3));

        assertThat(Fixtures.published(kafka.consumeStrings().fromTopics("workout.events"), id)).isEqualTo(1);
    }

    @Test
    void eightPhonesSendingOneIdAtOnceStoreItOnceAndEachGetsAnAnswerNot500() throws Exception {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = session(id, 3);
        Map<String, Object> other = session(id, 4);
        ConsumerTask<String, String> events = kafka.consumeStrings().fromTopics("workout.events");
        List<Integer> statuses = Fixtures.atOnce(8, phone -> post(phone % 4 == 3 ? other : body).statusCode());
        assertThat(statuses).as("one stores it; the same body is a retry, the other a conflict")
                .containsOnly(200, 201, 409).filteredOn(s -> s == 201).hasSize(1);
        int stored = as("patient", patient).get("/v1/patients/" + patient + "/sessions/" + id).then().statusCode(200)
                .extract().path("exercises[0].painDuring");
        assertThat(statuses.stream().filter(s -> s == 409).count()).as("the bodies that differ from the stored one")
                .isEqualTo(stored == 3 ? 2 : 6);

        assertThat(Fixtures.published(events, id)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @CsvSource({
            "painBefore, 11, 400", "painBefore, -1, 400", "painBefore, 10, 201", "painBefore, 0, 201",
            "sessionRpe, 11, 400", "durationMinutes, 0, 400", "durationMinutes, 301, 400", "durationMinutes, 300, 201",
    })
    void sessionBounds(String field, int value, int status) {
        Map<String, Object> body = session(UUID.randomUUID(), 2);
        body.put(field, value);
        var response = post(body).then().statusCode(status);
        if (status == 400) {
            response.contentType("application/problem+json").body("violations.field", hasItem(field));
        }
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "count         | 0      | 201", "count   | 1000 | 201", "count | 1001 | 400", "count | -1 | 400",
            "loadKg        | 0      | 201", "loadKg  | 500  | 201", "loadKg | 500.5 | 400", "loadKg | -0.5 | 400",
            "band          | HEAVY  | 201", "band    | ULTRA | 400",
            "exerciseCode  | single-leg-deadlift | 201", "exerciseCode | Clamshell! | 400",
            "exercises     | 20     | 201", "exercises | 21 | 400", "exercises | 0 | 400",
            "sets          | 20     | 201", "sets    | 21   | 400", "sets | 0 | 400",
            "notes         | 2000   | 201", "notes   | 2001 | 400",
            "programVersion | 0     | 400",
    })
    void everyBoundAtBothEdges(String field, String value, int status) {
        Map<String, Object> body = session(UUID.randomUUID(), 2);
        Map<String, Object> set = new HashMap<>(Map.of("count", 15));
        Map<String, Object> entry = new HashMap<>(Map.of("exerciseCode", "clamshell", "form", "CLEAN", "painDuring", 1));
        int exercises = 1;
        int sets = 1;
        String path;
        switch (field) {
            case "count" -> { set.put("count", Integer.parseInt(value)); path = "exercises[0].sets[0].count"; }
            case "loadKg" -> { set.put("loadKg", new java.math.BigDecimal(value)); path = "exercises[0].sets[0].loadKg"; }
            case "band" -> { set.put("band", value); path = "exercises[0].sets[0].band"; }
            case "exerciseCode" -> { entry.put("exerciseCode", value); path = "exercises[0].exerciseCode"; }
            case "exercises" -> { exercises = Integer.parseInt(value); path = "exercises"; }
            case "sets" -> { sets = Integer.parseInt(value); path = "exercises[0].sets"; }
            case "notes" -> { body.put("notes", "n".repeat(Integer.parseInt(value))); path = "notes"; }
            default -> { body.put(field, Integer.parseInt(value)); path = field; }
        }
        entry.put("sets", java.util.Collections.nCopies(sets, set));
        body.put("exercises", java.util.Collections.nCopies(exercises, entry));
        var response = post(body).then().statusCode(status);
        if (status == 400) {
            response.contentType("application/problem+json").body("violations.field", hasItem(path));
        }
    }

    @Test
    void aBodyNamingAPatientIsRefused() {
        Map<String, Object> body = session(UUID.randomUUID(), 2);
        body.put("patientId", UUID.randomUUID());
        post(body).then().statusCode(400).body("violations.field", hasItem("patientId"));
    }

    @Test
    void anOlderProgrammeVersionIsAcceptedAndAnUnknownOneIsNot() {
        Map<String, Object> body = session(UUID.randomUUID(), 2);
        body.put("programVersion", 2);
        post(body).then().statusCode(422).body("violations.field", hasItem("programVersion"));
    }

    @Test
    void painElevenDuringAnExerciseNamesTheFieldAndWritesNothing() {
        UUID id = UUID.randomUUID();
        post(session(id, 11)).then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("exercises[0].painDuring"));
        as("patient", patient).get("/v1/patients/" + patient + "/sessions/" + id).then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\u0000b", "\\u0000", "half \\ud83d", "\\udc4d backwards", "\\udcaa\\ud83d"})
    void textThatCannotBeStoredIsA400NamingTheFieldAndWritesNothing(String escaped) {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = session(id, 2);
        body.put("notes", "@TEXT@");
        post(Fixtures.json(body).replace("@TEXT@", escaped)).then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("notes"))
                .body("violations.message", hasItem(org.hamcrest.Matchers.containsString("NUL")));
        as("patient", patient).get("/v1/patients/" + patient + "/sessions/" + id).then().statusCode(404);
    }

    @Test
    void emojiAndOtherScriptsAreKeptAsSent() {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = session(id, 2);
        body.put("notes", "\ud83d\udcaa\ud83c\udffd knee ok, \u05d1\u05e8\u05db\u05d9\u05d9\u05dd, \u819d");
        post(body).then().statusCode(201);
        as("patient", patient).get("/v1/patients/" + patient + "/sessions/" + id).then().statusCode(200)
                .body("notes", equalTo("\ud83d\udcaa\ud83c\udffd knee ok, \u05d1\u05e8\u05db\u05d9\u05d9\u05dd, \u819d"));
    }

    @Test
    void aMissingFieldOrMalformedJsonIsA400() {
        Map<String, Object> body = session(UUID.randomUUID(), 2);
        body.remove("performedAt");
        post(body).then().statusCode(400).body("violations.field", hasItem("performedAt"));
        post("{\"id\": ").then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("body"));
    }

    @Test
    void aProgrammeThatIsNotThePatientsIs422() {
        Map<String, Object> body = session(UUID.randomUUID(), 2);
        body.put("programId", UUID.randomUUID());
        post(body).then().statusCode(422).body("violations.field", hasItem("programId"));
    }

    @Test
    void performedAtMayNotBeInTheFutureNorTooLongAgo() {
        Map<String, Object> body = session(UUID.randomUUID(), 2);
        body.put("performedAt", Instant.now().plus(10, ChronoUnit.MINUTES).toString());
        post(body).then().statusCode(400).body("violations.field", hasItem("performedAt"));
        body.put("performedAt", Instant.now().minus(91, ChronoUnit.DAYS).toString());
        post(body).then().statusCode(400).body("violations.field", hasItem("performedAt"));
    }

    @Test
    void anotherPatientsPathIsRefusedAndNothingIsWritten() {
        UUID other = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        as("patient", patient).contentType(ContentType.JSON).body(session(id, 2))
                .post("/v1/patients/" + other + "/sessions").then().statusCode(404);
        as("patient", patient).get("/v1/patients/" + patient + "/sessions/" + id).then().statusCode(404);
        as("clinician", clinician).contentType(ContentType.JSON).body(session(id, 2))
                .post("/v1/patients/" + patient + "/sessions").then().statusCode(403);
    }

    @Test
    void writesReadsAndRefusalsAreAudited() {
        UUID other = UUID.randomUUID();
        as("patient", other).get("/v1/patients/" + patient + "/sessions").then().statusCode(404);
        as("patient", patient).get("/v1/patients/" + patient + "/sessions").then().statusCode(200);
        as("admin", UUID.randomUUID()).queryParam("patientId", patient).get("/v1/audit").then().statusCode(200)
                .body("find { it.subject == '" + other + "' }.outcome", equalTo("DENIED"))
                .body("find { it.subject == '" + patient + "' && it.action == 'GET /v1/patients/{patientId}/sessions' }.outcome", equalTo("ALLOWED"))
                .body("find { it.action == 'POST /v1/patients/{patientId}/sessions' }.status", equalTo(201))
                .body("find { it.action == 'rehabloop.plan.issued.v1' }.subject", equalTo("kafka"));
        given().get("/v1/patients/" + patient + "/sessions").then().statusCode(401).contentType("application/problem+json");
    }

    /** The statuses of this patient's audit records of logging a session, newest first. */
    private List<Integer> sessionCallsAudited() {
        return as("admin", UUID.randomUUID()).queryParam("patientId", patient).queryParam("limit", 1000).get("/v1/audit")
                .then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.action == 'POST /v1/patients/{patientId}/sessions' }.status", Integer.class);
    }

    @Test
    void aStoredSessionIsAuditedOnceWithItsStatementAndEveryOtherAnswerAsItIsGiven() {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = session(id, 3);
        int before = sessionCallsAudited().size();
        post(body).then().statusCode(201);
        // written by the session's own statement: there as soon as the 201 is
        assertThat(sessionCallsAudited()).hasSize(before + 1).first().isEqualTo(201);
        as("admin", UUID.randomUUID()).queryParam("patientId", patient).get("/v1/audit").then().statusCode(200)
                .body("find { it.action == 'POST /v1/patients/{patientId}/sessions' }.subject", equalTo(patient.toString()))
                .body("find { it.action == 'POST /v1/patients/{patientId}/sessions' }.role", equalTo("patient"))
                .body("find { it.action == 'POST /v1/patients/{patientId}/sessions' }.outcome", equalTo("ALLOWED"));
        post(body).then().statusCode(200);
        post(session(id, 4)).then().statusCode(409);
        as("patient", UUID.randomUUID()).contentType(ContentType.JSON).body(session(UUID.randomUUID(), 2))
                .post("/v1/patients/" + patient + "/sessions").then().statusCode(404);
        // a retry, a conflict and a refusal are recorded as they are answered, once each
        assertThat(sessionCallsAudited()).hasSize(before + 4).startsWith(404, 409, 200, 201);
    }

    @Test
    void historyIsNewestFirstWithACursor() {
        for (int i = 0; i < 3; i++) {
            post(session(UUID.randomUUID(), 1)).then().statusCode(201);
        }
        String cursor = as("patient", patient).queryParam("limit", 2).get("/v1/patients/" + patient + "/sessions")
                .then().statusCode(200).body("items", hasSize(2)).extract().path("nextCursor");
        as("patient", patient).queryParam("limit", 2).queryParam("cursor", cursor)
                .get("/v1/patients/" + patient + "/sessions").then().statusCode(200).body("items", hasSize(2));
        as("clinician", clinician).get("/v1/patients/" + patient + "/sessions").then().statusCode(200);
        as("clinician", UUID.randomUUID()).get("/v1/patients/" + patient + "/sessions").then().statusCode(404);
    }

}
