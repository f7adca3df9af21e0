package org.rehabloop.plan.adjustment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.rehabloop.infra.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rehabloop.contracts.AdjustmentRequested;
import org.rehabloop.contracts.AdjustmentType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.rehabloop.plan.Auth.as;

/** Requests on {@code plan.adjustments} in, versions and {@code plan.adjusted} events out. */
@QuarkusTest
class AdjustmentRequestConsumerTest {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaCompanion kafka;
    private final UUID clinician = UUID.randomUUID();
    private final UUID patient = UUID.randomUUID();
    private String programId;

    @BeforeEach
    void issueProgramme() {
        kafka = new KafkaCompanion(bootstrapServers);
        programId = as("clinician", clinician).contentType(ContentType.JSON)
                .body(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                        "startDate", LocalDate.now().toString()))
                .post("/v1/programs").then().statusCode(201).extract().path("id");
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    private void send(AdjustmentRequested request) throws Exception {
        kafka.produceStrings().fromRecords(TestEvents.cloudEvent("plan.adjustments", patient.toString(),
                "rehabloop.adjustment.requested.v1", UUID.randomUUID().toString(), JSON.writeValueAsString(request)))
                .awaitCompletion();
    }

    /** All at once, so that they come in one poll and are applied together. */
    private void sendTogether(AdjustmentRequested... requests) throws Exception {
        List<org.apache.kafka.clients.producer.ProducerRecord<String, String>> records = new java.util.ArrayList<>();
        for (AdjustmentRequested request : requests) {
            records.add(TestEvents.cloudEvent("plan.adjustments", patient.toString(), "rehabloop.adjustment.requested.v1",
                    UUID.randomUUID().toString(), JSON.writeValueAsString(request)));
        }
        kafka.produceStrings().fromRecords(records).awaitCompletion();
    }

    private AdjustmentRequested request(UUID id, AdjustmentType type, String exercise, int basedOn) {
        return new AdjustmentRequested(id, patient, UUID.fromString(programId), basedOn, type, exercise,
                "OVL-PAIN-DURING", UUID.randomUUID(), "Pain 7/10 during clamshell", 7, null, Instant.now());
    }

    private int version() {
        return as("clinician", clinician).get("/v1/programs/" + programId).path("version");
    }

    private List<JsonNode> outcomes(int expected) {
        ConsumerTask<String, String> task = kafka.consumeStrings().fromTopics("plan.events");
        List<JsonNode> found = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            found.clear();
            for (ConsumerRecord<String, String> r : task.getRecords()) {
                if (patient.toString().equals(r.key()) && "rehabloop.plan.adjusted.v1".equals(
                        new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))) {
                    found.add(JSON.readTree(r.value()));
                }
            }
            return found.size() >= expected;
        });
        task.stop();
        return found;
    }

    @Test
    void aDeloadIsAppliedOnceEvenWhenTheRequestArrivesTwice() throws Exception {
        UUID requestId = UUID.randomUUID();
        send(request(requestId, AdjustmentType.DELOAD, "clamshell", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> version() == 2);
        send(request(requestId, AdjustmentType.DELOAD, "clamshell", 1));
        List<JsonNode> published = outcomes(1);
        Thread.sleep(1500);
        assertThat(version()).isEqualTo(2);
        as("clinician", clinician).get("/v1/programs/" + programId).then()
                .body("prescriptions[0].sets", equalTo(1));
        assertThat(published.get(0).get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(published.get(0).get("requestId").asText()).isEqualTo(requestId.toString());
    }

    @Test
    void aHoldDoesNotMakeADeloadAskedBeforeItStale() throws Exception {
        send(request(UUID.randomUUID(), AdjustmentType.HOLD, "clamshell", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> version() == 2);
        UUID deload = UUID.randomUUID();
        send(request(deload, AdjustmentType.DELOAD, "clamshell", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> version() == 3);
        as("clinician", clinician).get("/v1/programs/" + programId).then()
                .body("prescriptions[0].sets", equalTo(1));
    }

    @Test
    void aBurstOfAPatientsRequestsIsAppliedInOrderEachOnce() throws Exception {
        UUID hold = UUID.randomUUID();
        UUID deload = UUID.randomUUID();
        UUID stale = UUID.randomUUID();
        AdjustmentRequested deloadRequest = request(deload, AdjustmentType.DELOAD, "clamshell", 1);
        sendTogether(request(hold, AdjustmentType.HOLD, "clamshell", 1), deloadRequest, deloadRequest,
                request(stale, AdjustmentType.PROGRESS, "clamshell", 1));
        List<JsonNode> published = outcomes(3);
        Thread.sleep(1500);
        assertThat(published).extracting(e -> e.get("requestId").asText() + " " + e.get("outcome").asText())
                .containsExactly(hold + " APPLIED", deload + " APPLIED", stale + " REJECTED");
        assertThat(version()).isEqualTo(3);
        as("clinician", clinician).get("/v1/programs/" + programId).then()
                .body("prescriptions[0].sets", equalTo(1));
    }

    @Test
    void aRequestBasedOnAnOlderVersionOfThatExerciseIsStale() throws Exception {
        send(request(UUID.randomUUID(), AdjustmentType.DELOAD, "clamshell", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> version() == 2);
        UUID stale = UUID.randomUUID();
        send(request(stale, AdjustmentType.PROGRESS, "clamshell", 1));
        List<JsonNode> published = outcomes(2);
        JsonNode rejected = published.stream().filter(e -> e.get("requestId").asText().equals(stale.toString()))
                .findFirst().orElseThrow();
        assertThat(rejected.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("reason").asText()).startsWith("stale");
        assertThat(version()).isEqualTo(2);
    }

    @Test
    void underPolicySafeASubstituteIsProposedAndTheClinicianApprovesItOnce() throws Exception {
        UUID requestId = proposeSubstitute();
        as("clinician", UUID.randomUUID()).post("/v1/proposals/" + requestId + "/approve").then().statusCode(404);
        as("clinician", clinician).post("/v1/proposals/" + requestId + "/approve").then().statusCode(200)
                .body("status", equalTo("APPLIED")).body("appliedVersion", equalTo(2));
        as("clinician", clinician).post("/v1/proposals/" + requestId + "/approve").then().statusCode(409);
        as("clinician", clinician).get("/v1/programs/" + programId).then()
                .body("version", equalTo(2))
                .body("prescriptions[0].exerciseCode", equalTo("banded-clamshell"))
                .body("prescriptions[0].band", equalTo("EXTRA_LIGHT"));
        as("clinician", clinician).queryParam("status", "PENDING").get("/v1/programs/" + programId + "/proposals")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aDeclinedProposalIsPublishedAsRejected() throws Exception {
        UUID requestId = proposeSubstitute();
        as("clinician", clinician).post("/v1/proposals/" + requestId + "/reject").then().statusCode(200)
                .body("status", equalTo("REJECTED"));
        List<JsonNode> published = outcomes(2);
        assertThat(published).extracting(e -> e.get("outcome").asText()).containsExactly("PROPOSED", "REJECTED");
        assertThat(version()).isEqualTo(1);
    }

    private UUID proposeSubstitute() throws Exception {
        UUID requestId = UUID.randomUUID();
        send(new AdjustmentRequested(requestId, patient, UUID.fromString(programId), 1, AdjustmentType.SUBSTITUTE,
                "clamshell", "STL-PLATEAU", UUID.randomUUID(), "plateau", null, "banded-clamshell", Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> as("clinician", clinician).queryParam("status", "PENDING")
                .get("/v1/programs/" + programId + "/proposals").<Integer>path("size()") == 1);
        List<JsonNode> published = outcomes(1);
        assertThat(published.get(0).get("outcome").asText()).isEqualTo("PROPOSED");
        assertThat(version()).isEqualTo(1);
        return requestId;
    }

}
