package org.rehabloop.assessment.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.rehabloop.infra.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rehabloop.contracts.AutoAdjust;
import org.rehabloop.contracts.Block;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.PlanIssued;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Unit;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.rehabloop.assessment.Auth.as;

/** Events in on the real topics, alerts out over REST and on assessment.alerts, requests on plan.adjustments. */
@QuarkusTest
class AlertFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaCompanion kafka;
    private final UUID patient = UUID.randomUUID();
    private final UUID clinician = UUID.randomUUID();
    private final UUID programId = UUID.randomUUID();

    @BeforeEach
    void programmeIssued() throws Exception {
        kafka = new KafkaCompanion(bootstrapServers);
        send("plan.events", "rehabloop.plan.issued.v1", UUID.randomUUID().toString(), new PlanIssued(programId, patient,
                clinician, "hip-strength-knee-pain", 1, 3, AutoAdjust.SAFE, LocalDate.now(),
                new Phase(1, "Activation", LocalDate.now()),
                List.of(new Prescription("clamshell", Block.ACTIVATION, 2, 15, Unit.REPS, true, null, null)), Instant.now()));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    private void send(String topic, String type, String eventId, Object payload) throws Exception {
        kafka.produceStrings().fromRecords(TestEvents.cloudEvent(topic, patient.toString(), type, eventId,
                JSON.writeValueAsString(payload))).awaitCompletion();
    }

    private WorkoutLogged session(int painDuring) {
        Instant at = Instant.now().minusSeconds(3600);
        return new WorkoutLogged(UUID.randomUUID(), patient, programId, 1, at, 30, 6, 2,
                List.of(new WorkoutLogged.Entry("clamshell", Form.CLEAN, painDuring,
                        List.of(new WorkoutLogged.SetDone(15, null, null, null), new WorkoutLogged.SetDone(15, null, null, null)))), at);
    }

    private io.restassured.response.Response alerts() {
        return as("clinician", clinician).queryParam("patientId", patient).get("/v1/alerts");
    }

    @Test
    void aPainfulSessionRaisesOneAlertEvenWhenItsEventArrivesTwice() throws Exception {
        WorkoutLogged painful = session(8);
        String eventId = UUID.randomUUID().toString();
        send("workout.events", "rehabloop.workout.logged.v1", eventId, painful);
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().<Integer>path("items.size()") == 1);
        send("workout.events", "rehabloop.workout.logged.v1", eventId, painful);
        send("workout.events", "rehabloop.workout.logged.v1", UUID.randomUUID().toString(), painful);
        Thread.sleep(1500);
        alerts().then().statusCode(200).body("items", hasSize(1))
                .body("items[0].ruleCode", equalTo("OVL-PAIN-DURING"))
                .body("items[0].severity", equalTo("HIGH"))
                .body("items[0].evidence", hasSize(1))
                .body("items[0].adjustment.type", equalTo("DELOAD"));

        ConsumerTask<String, String> requests = kafka.consumeStrings().fromTopics("plan.adjustments");
        await().atMost(Duration.ofSeconds(20)).until(() -> requests.getRecords().stream().anyMatch(r -> patient.toString().equals(r.key())));
        Thread.sleep(500);
        assertThat(requests.getRecords().stream().filter(r -> patient.toString().equals(r.key())).count()).isEqualTo(1);
        requests.stop();
    }

    @Test
    void aSecondPainfulSessionAddsEvidenceToTheOpenAlert() throws Exception {
        send("workout.events", "rehabloop.workout.logged.v1", UUID.randomUUID().toString(), session(6));
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().<Integer>path("items.size()") == 1);
        send("workout.events", "rehabloop.workout.logged.v1", UUID.randomUUID().toString(), session(7));
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().<Integer>path("items[0].evidence.size()") == 2);
        alerts().then().body("items", hasSize(1));
    }

    @Test
    void alertsArePagedNewestFirstAndFiltered() throws Exception {
        Instant at = Instant.now().minusSeconds(3600);
        List<WorkoutLogged.SetDone> sets = List.of(new WorkoutLogged.SetDone(15, null, null, null), new WorkoutLogged.SetDone(15, null, null, null));
        send("workout.events", "rehabloop.workout.logged.v1", UUID.randomUUID().toString(), new WorkoutLogged(UUID.randomUUID(),
                patient, programId, 1, at, 30, 6, 2, List.of(
                        new WorkoutLogged.Entry("clamshell", Form.CLEAN, 6, sets),
                        new WorkoutLogged.Entry("side-lying-hip-abduction", Form.CLEAN, 7, sets),
                        new WorkoutLogged.Entry("glute-bridge", Form.CLEAN, 9, sets)), at));
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().<Integer>path("items.size()") == 3);
        String cursor = as("clinician", clinician).queryParam("patientId", patient).queryParam("limit", 2).get("/v1/alerts")
                .then().statusCode(200).body("items", hasSize(2)).extract().path("nextCursor");
        as("clinician", clinician).queryParam("patientId", patient).queryParam("limit", 2).queryParam("cursor", cursor)
                .get("/v1/alerts").then().statusCode(200).body("items", hasSize(1)).body("nextCursor", org.hamcrest.Matchers.nullValue());
        as("clinician", clinician).queryParam("patientId", patient).queryParam("category", "STALLED").get("/v1/alerts")
                .then().body("items", hasSize(0));
        as("clinician", clinician).queryParam("patientId", patient).queryParam("status", "OPEN").queryParam("category", "OVERLOAD")
                .get("/v1/alerts").then().body("items", hasSize(3));
        as("clinician", clinician).queryParam("limit", 201).get("/v1/alerts").then().statusCode(400);
        as("clinician", clinician).queryParam("cursor", "nonsense").get("/v1/alerts").then().statusCode(400);
    }

    @Test
    void acknowledgeAndResolveAreTheClinicians() throws Exception {
        send("workout.events", "rehabloop.workout.logged.v1", UUID.randomUUID().toString(), session(9));
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().<Integer>path("items.size()") == 1);
        String id = alerts().path("items[0].id");
        as("clinician", UUID.randomUUID()).contentType("application/json").body("{}")
                .post("/v1/alerts/" + id + "/acknowledge").then().statusCode(404);
        as("patient", patient).get("/v1/alerts/" + id).then().statusCode(403);
        as("clinician", clinician).contentType("application/json").body("{\"note\":\"called the patient\"}")
                .post("/v1/alerts/" + id + "/acknowledge").then().statusCode(200).body("status", equalTo("ACKNOWLEDGED"));
        as("clinician", clinician).contentType("application/json").body("{}")
                .post("/v1/alerts/" + id + "/resolve").then().statusCode(200).body("status", equalTo("RESOLVED"));
    }

}
