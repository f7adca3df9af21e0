package org.rehabloop.logging.checkin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.logging.Fixtures;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.rehabloop.logging.Auth.as;

@QuarkusTest
class PainCheckInResourceTest {
    private final UUID patient = UUID.randomUUID();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaCompanion kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrapServers);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    private io.restassured.response.ValidatableResponse post(Object body) {
        return as("patient", patient).contentType(ContentType.JSON).body(body)
                .post("/v1/patients/" + patient + "/pain-checkins").then();
    }

    @Test
    void storedOncePerClientId() {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = Fixtures.checkIn(id, 4);
        post(body).statusCode(201).body("pain", equalTo(4));
        post(body).statusCode(200).body("id", equalTo(id.toString()));
        post(Fixtures.checkIn(id, 5)).statusCode(409).contentType("application/problem+json");
        // the 201's record written with the check-in, the others as they were answered: once each, newest first
        assertThat(as("admin", UUID.randomUUID()).queryParam("patientId", patient).queryParam("limit", 1000).get("/v1/audit")
                .then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.action == 'POST /v1/patients/{patientId}/pain-checkins' }.status", Integer.class))
                .startsWith(409, 200, 201);
    }

    @ParameterizedTest(name = "pain {0} -> {1}")
    @CsvSource({"-1, 400", "0, 201", "10, 201", "11, 400"})
    void painIsZeroToTen(int pain, int status) {
        post(Fixtures.checkIn(UUID.randomUUID(), pain)).statusCode(status);
    }

    @Test
    void badFieldsAreNamed() {
        Map<String, Object> body = Fixtures.checkIn(UUID.randomUUID(), 3);
        body.put("kind", "WEEKLY");
        post(body).statusCode(400).body("violations.field", hasItem("kind"));
        body = Fixtures.checkIn(UUID.randomUUID(), 3);
        body.put("at", Instant.now().plus(6, ChronoUnit.MINUTES).toString());
        post(body).statusCode(400).body("violations.field", hasItem("at"));
        body.put("at", Instant.now().plus(4, ChronoUnit.MINUTES).toString());
        post(body).statusCode(201);
    }

    @Test
    void checkInsAreListedNewestFirstForThePatient() {
        UUID older = UUID.randomUUID();
        UUID newer = UUID.randomUUID();
        Map<String, Object> first = new java.util.HashMap<>(Fixtures.checkIn(older, 3));
        first.put("at", java.time.Instant.now().minusSeconds(7200).toString());
        post(first).statusCode(201);
        Map<String, Object> second = new java.util.HashMap<>(Fixtures.checkIn(newer, 6));
        second.put("at", java.time.Instant.now().minusSeconds(60).toString());
        post(second).statusCode(201);
        as("patient", patient).get("/v1/patients/" + patient + "/pain-checkins").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains(newer.toString(), older.toString()))
                .body("[0].pain", equalTo(6));
        as("patient", patient).queryParam("limit", 1).get("/v1/patients/" + patient + "/pain-checkins").then()
                .body("size()", equalTo(1));
        as("patient", patient).queryParam("limit", 0).get("/v1/patients/" + patient + "/pain-checkins").then()
                .statusCode(400).body("violations.field", org.hamcrest.Matchers.hasItem("limit"));
        as("patient", UUID.randomUUID()).get("/v1/patients/" + patient + "/pain-checkins").then().statusCode(404);
        as("clinician", UUID.randomUUID()).get("/v1/patients/" + patient + "/pain-checkins").then().statusCode(404);
        as("partner", UUID.randomUUID()).get("/v1/patients/" + patient + "/pain-checkins").then().statusCode(403);
        as("admin", UUID.randomUUID()).get("/v1/patients/" + patient + "/pain-checkins").then().statusCode(200);
    }

    @Test
    void eightPhonesSendingOneIdAtOnceStoreItOncePublishItOnceAndEachGetsAnAnswerNot500() throws Exception {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = Fixtures.checkIn(id, 4);
        Map<String, Object> other = Fixtures.checkIn(id, 5);
        other.put("at", body.get("at"));
        ConsumerTask<String, String> events = kafka.consumeStrings().fromTopics("workout.events");
        List<Integer> statuses = Fixtures.atOnce(8, phone -> as("patient", patient).contentType(ContentType.JSON)
                .body(phone % 4 == 3 ? other : body).post("/v1/patients/" + patient + "/pain-checkins").statusCode());
        assertThat(statuses).as("one stores it; the same body is a retry, the other a conflict")
                .containsOnly(200, 201, 409).filteredOn(s -> s == 201).hasSize(1);
        int stored = as("patient", patient).get("/v1/patients/" + patient + "/pain-checkins").then().statusCode(200)
                .extract().path("find { it.id == '" + id + "' }.pain");
        assertThat(statuses.stream().filter(s -> s == 409).count()).as("the bodies that differ from the stored one")
                .isEqualTo(stored == 4 ? 2 : 6);
        assertThat(Fixtures.published(events, id)).isEqualTo(1);
    }
}
