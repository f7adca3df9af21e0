package org.rehabloop.assessment.alert;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.Events;
import org.rehabloop.contracts.Form;
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
import java.util.List;
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
}
