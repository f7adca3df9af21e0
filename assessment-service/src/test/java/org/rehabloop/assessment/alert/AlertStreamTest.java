package org.rehabloop.assessment.alert;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.Events;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.AlertStatus;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.Topics;
import org.rehabloop.infra.TestInfrastructure;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rehabloop.assessment.Auth.as;

/** A dashboard's Server-Sent Events stream: live alerts within a second, and what it missed after a reconnect. */
@QuarkusTest
class AlertStreamTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/v1/alerts/stream")
    URL stream;

    @Inject
    AlertFeed feed;

    private KafkaCompanion kafka;
    private Events events;
    private final UUID clinician = UUID.randomUUID();
    private final UUID patient = UUID.randomUUID();
    private final UUID programId = UUID.randomUUID();

    /** One SSE event as received, with when it arrived. */
    record Received(String id, String name, String data, Instant at) {
    }

    /** Reads a stream on its own thread until closed. */
    static final class Dashboard implements AutoCloseable {
        final List<Received> received = new CopyOnWriteArrayList<>();
        private final InputStream body;

        Dashboard(URL url, UUID clinician, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.toString()))
                    .header("Authorization", "Bearer " + TestInfrastructure.tokens().mint("clinician", clinician))
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            body = response.body();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String id = null;
                    String name = null;
                    StringBuilder data = new StringBuilder();
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.isEmpty()) {
                            if (data.length() > 0) {
                                received.add(new Received(id, name, data.toString(), Instant.now()));
                            }
                            id = null;
                            name = null;
                            data.setLength(0);
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("event:")) {
                            name = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5).trim());
                        }
                    }
                } catch (Exception closed) {
                    // the test closed the stream
                }
            }, "dashboard");
            reader.setDaemon(true);
            reader.start();
        }

        List<Received> about(UUID patient) {
            List<Received> mine = new ArrayList<>();
            for (Received r : received) {
                if (r.data().contains(patient.toString())) {
                    mine.add(r);
                }
            }
            return mine;
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    @BeforeEach
    void programme() {
        kafka = new KafkaCompanion(bootstrapServers);
        events = new Events(kafka);
        events.programmeIssued(programId, patient, clinician, LocalDate.now());
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void aConnectedDashboardReceivesTheAlertWithinASecondAndOthersDoNot() throws Exception {
        try (Dashboard mine = new Dashboard(stream, clinician, null);
                Dashboard someoneElse = new Dashboard(stream, UUID.randomUUID(), null)) {
            Thread.sleep(300);
            events.logged(Events.session(patient, programId, Instant.now().minusSeconds(600), 7, Form.CLEAN));
            await().atMost(Duration.ofSeconds(20)).until(() -> !mine.about(patient).isEmpty());
            Received raised = mine.about(patient).get(0);
            assertThat(raised.name()).isEqualTo("rehabloop.alert.raised.v1");
            Instant createdAt = Instant.parse(as("clinician", clinician).queryParam("patientId", patient)
                    .get("/v1/alerts").path("items[0].createdAt"));
            assertThat(Duration.between(createdAt, raised.at())).isLessThan(Duration.ofSeconds(1));
            Thread.sleep(500);
            assertThat(someoneElse.about(patient)).isEmpty();
        }
    }

    @Test
    void aReconnectWithLastEventIdReceivesWhatItMissed() throws Exception {
        String lastSeen;
        try (Dashboard first = new Dashboard(stream, clinician, null)) {
            Thread.sleep(300);
            events.logged(Events.session(patient, programId, Instant.now().minusSeconds(600), 6, Form.CLEAN));
            await().atMost(Duration.ofSeconds(20)).until(() -> !first.about(patient).isEmpty());
            lastSeen = first.about(patient).get(0).id();
        }
        String alertId = as("clinician", clinician).queryParam("patientId", patient).get("/v1/alerts").path("items[0].id");
        as("clinician", clinician).contentType("application/json").body("{\"note\":\"seen\"}")
                .post("/v1/alerts/" + alertId + "/acknowledge").then().statusCode(200);
        try (Dashboard again = new Dashboard(stream, clinician, lastSeen)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> again.about(patient).stream()
                    .anyMatch(r -> r.data().contains("ACKNOWLEDGED")));
            assertThat(again.about(patient)).noneMatch(r -> r.id().equals(lastSeen));
        }
    }

    /**
     * A consumer's transaction judges many patients' events and records their alert changes in one statement: each
     * still reaches the stream and assessment.alerts once, in the order the transaction made them.
     */
    @Test
    void theAlertChangesOfOneTransactionReachTheStreamAndTheTopicInTheirOrder() throws Exception {
        UUID other = UUID.randomUUID();
        ConsumerTask<String, String> topic = kafka.consumeStrings().fromTopics(Topics.ASSESSMENT_ALERTS);
        try (Dashboard dashboard = new Dashboard(stream, clinician, null)) {
            Thread.sleep(300);
            List<UUID> made = QuarkusTransaction.requiringNew().call(() -> {
                Map<Alert, Boolean> changes = new LinkedHashMap<>();
                changes.put(alert(patient, "OVL-EFFORT"), true);
                changes.put(alert(other, "OVL-EFFORT"), true);
                changes.put(alert(patient, "STL-ADHERENCE"), false);
                feed.changedAll(changes);
                return changes.keySet().stream().map(a -> a.id).toList();
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> dashboard.received.stream()
                    .filter(r -> made.stream().anyMatch(id -> r.data().contains(id.toString()))).count() == 3);
            List<Received> mine = dashboard.received.stream()
                    .filter(r -> made.stream().anyMatch(id -> r.data().contains(id.toString()))).toList();
            for (int i = 0; i < 3; i++) {
                assertThat(mine.get(i).data()).contains(made.get(i).toString());
            }
            assertThat(mine).extracting(Received::name).containsExactly("rehabloop.alert.raised.v1",
                    "rehabloop.alert.raised.v1", "rehabloop.alert.updated.v1");
            assertThat(Long.parseLong(mine.get(0).id())).isLessThan(Long.parseLong(mine.get(1).id()));
            assertThat(Long.parseLong(mine.get(1).id())).isLessThan(Long.parseLong(mine.get(2).id()));

            await().atMost(Duration.ofSeconds(20)).until(() -> topic.getRecords().stream()
                    .filter(r -> r.key().equals(patient.toString()) || r.key().equals(other.toString())).count() >= 3);
            List<ConsumerRecord<String, String>> records = topic.getRecords().stream()
                    .filter(r -> r.key().equals(patient.toString()) || r.key().equals(other.toString())).toList();
            assertThat(records).hasSize(3);
            assertThat(records.stream().filter(r -> r.key().equals(patient.toString())).map(ConsumerRecord::value))
                    .satisfiesExactly(first -> assertThat(first).contains(made.get(0).toString()),
                            second -> assertThat(second).contains(made.get(2).toString()));
            assertThat(records.stream().filter(r -> r.key().equals(other.toString())).map(ConsumerRecord::value))
                    .singleElement().asString().contains(made.get(1).toString());
        } finally {
            topic.close();
        }
    }

    private Alert alert(UUID patientId, String ruleCode) {
        Alert alert = new Alert();
        alert.id = UUID.randomUUID();
        alert.patientId = patientId;
        alert.clinicianId = clinician;
        alert.programId = programId;
        alert.ruleCode = ruleCode;
        alert.category = ruleCode.startsWith("OVL") ? AlertCategory.OVERLOAD : AlertCategory.STALLED;
        alert.severity = Severity.LOW;
        alert.title = ruleCode;
        alert.message = ruleCode + " for a test.";
        alert.status = AlertStatus.OPEN;
        alert.createdAt = Instant.now();
        alert.updatedAt = alert.createdAt;
        alert.persist();
        return alert;
    }
}
