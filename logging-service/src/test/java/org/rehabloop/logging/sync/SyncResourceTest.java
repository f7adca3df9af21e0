package org.rehabloop.logging.sync;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rehabloop.logging.Fixtures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.rehabloop.logging.Auth.as;

/** An offline phone's batch: a result per item; stored items are stored once. */
@QuarkusTest
class SyncResourceTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaCompanion kafka;
    private final UUID patient = UUID.randomUUID();
    private final UUID programId = UUID.randomUUID();

    @BeforeEach
    void programmeIssued() throws Exception {
        kafka = new KafkaCompanion(bootstrapServers);
        Fixtures.programmeIssued(kafka, programId, patient, UUID.randomUUID());
        await().atMost(Duration.ofSeconds(20)).until(() -> sync(Map.of("sessions", List.of(
                Fixtures.session(UUID.randomUUID(), programId, 1)))).path("items[0].status").equals(201));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    private io.restassured.response.Response sync(Object body) {
        return as("patient", patient).contentType(ContentType.JSON).body(body).post("/v1/patients/" + patient + "/sync");
    }

    @Test
    void aBatchWithDuplicatesInsideAndAgainstStoredRowsStoresEachOnce() {
        Map<String, Object> stored = Fixtures.session(UUID.randomUUID(), programId, 2);
        as("patient", patient).contentType(ContentType.JSON).body(stored)
                .post("/v1/patients/" + patient + "/sessions").then().statusCode(201);
        List<Object> sessions = new ArrayList<>();
        sessions.add(stored);                                              // stored before: 200
        UUID twice = UUID.randomUUID();
        Map<String, Object> first = Fixtures.session(twice, programId, 3);
        sessions.add(first);                                               // new: 201
        sessions.add(first);                                               // the same again in the batch: 200
        Map<String, Object> other = new java.util.HashMap<>(first);
        other.put("painBefore", 5);
        sessions.add(other);                                               // same id, other body: 409
        Map<String, Object> bad = Fixtures.session(UUID.randomUUID(), programId, 11);
        sessions.add(bad);                                                 // pain 11: 400
        Map<String, Object> foreign = Fixtures.session(UUID.randomUUID(), UUID.randomUUID(), 1);
        sessions.add(foreign);                                             // not their programme: 422
        for (int i = 0; i < 90; i++) {
            sessions.add(Fixtures.session(UUID.randomUUID(), programId, 1));
        }
        List<Object> checkIns = List.of(Fixtures.checkIn(UUID.randomUUID(), 3), Fixtures.checkIn(UUID.randomUUID(), 4));

        sync(Map.of("sessions", sessions, "checkIns", checkIns)).then().statusCode(200)
                .body("stored", equalTo(93))
                .body("alreadyStored", equalTo(2))
                .body("refused", equalTo(3))
                .body("items.find { it.kind == 'SESSION' && it.index == 0 }.status", equalTo(200))
                .body("items.find { it.kind == 'SESSION' && it.index == 1 }.status", equalTo(201))
                .body("items.find { it.kind == 'SESSION' && it.index == 2 }.status", equalTo(200))
                .body("items.find { it.kind == 'SESSION' && it.index == 3 }.status", equalTo(409))
                .body("items.find { it.kind == 'SESSION' && it.index == 4 }.status", equalTo(400))
                .body("items.find { it.kind == 'SESSION' && it.index == 4 }.problem.violations.field",
                        hasItem("sessions[4].exercises[0].painDuring"))
                .body("items.find { it.kind == 'SESSION' && it.index == 5 }.status", equalTo(422))
                .body("items.find { it.kind == 'CHECK_IN' && it.index == 1 }.status", equalTo(201));

        sync(Map.of("sessions", sessions, "checkIns", checkIns)).then().statusCode(200)
                .body("stored", equalTo(0))
                .body("alreadyStored", equalTo(95));
        // a sync is one call, recorded once as it is answered; only the session logged by a call of its own has a 201
        as("admin", UUID.randomUUID()).queryParam("patientId", patient).queryParam("limit", 1000).get("/v1/audit")
                .then().statusCode(200)
                .body("findAll { it.status == 201 }.action", contains("POST /v1/patients/{patientId}/sessions"))
                .body("findAll { it.action == 'POST /v1/patients/{patientId}/sync' }.status", everyItem(equalTo(200)));
    }

    @Test
    void anItemWithTextThatCannotBeStoredOrReadIsThatItemsOwn400() {
        List<Object> sessions = new ArrayList<>();
        Map<String, Object> nul = new java.util.HashMap<>(Fixtures.session(UUID.randomUUID(), programId, 1));
        nul.put("notes", "@NUL@");
        sessions.add(nul);
        Map<String, Object> surrogate = new java.util.HashMap<>(Fixtures.session(UUID.randomUUID(), programId, 1));
        surrogate.put("notes", "@SURROGATE@");
        sessions.add(surrogate);
        Map<String, Object> wrongType = new java.util.HashMap<>(Fixtures.session(UUID.randomUUID(), programId, 1));
        wrongType.put("durationMinutes", "half an hour");
        sessions.add(wrongType);
        UUID good = UUID.randomUUID();
        Map<String, Object> emoji = new java.util.HashMap<>(Fixtures.session(good, programId, 1));
        emoji.put("notes", "knee felt fine \ud83d\udcaa");
        sessions.add(emoji);
        Map<String, Object> badCheckIn = new java.util.HashMap<>(Fixtures.checkIn(UUID.randomUUID(), 3));
        badCheckIn.put("kind", "WEEKLY");

        // as a phone would send them: JSON escapes for the NUL and for half of a surrogate pair
        String body = Fixtures.json(Map.of("sessions", sessions, "checkIns", List.of(badCheckIn)))
                .replace("@NUL@", "before\\u0000after").replace("@SURROGATE@", "half an emoji \\ud83d");
        sync(body).then().statusCode(200)
                .body("stored", equalTo(1))
                .body("refused", equalTo(4))
                .body("items.find { it.kind == 'SESSION' && it.index == 0 }.status", equalTo(400))
                .body("items.find { it.kind == 'SESSION' && it.index == 0 }.problem.violations.field", hasItem("sessions[0].notes"))
                .body("items.find { it.kind == 'SESSION' && it.index == 1 }.problem.violations.field", hasItem("sessions[1].notes"))
                .body("items.find { it.kind == 'SESSION' && it.index == 2 }.problem.violations.field", hasItem("sessions[2].durationMinutes"))
                .body("items.find { it.kind == 'SESSION' && it.index == 3 }.status", equalTo(201))
                .body("items.find { it.kind == 'CHECK_IN' && it.index == 0 }.problem.violations.field", hasItem("checkIns[0].kind"));
        as("patient", patient).get("/v1/patients/" + patient + "/sessions/" + good).then().statusCode(200)
                .body("notes", equalTo("knee felt fine \ud83d\udcaa"));
    }

    @Test
    void moreThanAHundredItemsIsA400() {
        List<Object> sessions = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            sessions.add(Fixtures.session(UUID.randomUUID(), programId, 1));
        }
        sync(Map.of("sessions", sessions)).then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("sessions"));
    }

    @Test
    void onlyThePatientSyncsTheirOwnLog() {
        as("patient", UUID.randomUUID()).contentType(ContentType.JSON).body(Map.of("sessions", List.of()))
                .post("/v1/patients/" + patient + "/sync").then().statusCode(404);
        as("clinician", UUID.randomUUID()).contentType(ContentType.JSON).body(Map.of("sessions", List.of()))
                .post("/v1/patients/" + patient + "/sync").then().statusCode(403);
    }
}
