package org.rehabloop.logging.session;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.rehabloop.infra.EmbeddedInfrastructure;
import org.rehabloop.infra.Infrastructure;
import org.rehabloop.infra.TestInfrastructure;
import org.rehabloop.logging.Fixtures;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rehabloop.logging.Auth.as;

/** No accepted session is lost when Kafka is away, and none is published twice when it returns. */
@QuarkusTest
class BrokerOutageTest {
    private static final int PATIENTS = 10;
    private static final int SESSIONS_EACH = 20;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void twoHundredSessionsLoggedWhileTheBrokerIsDownArriveOnceEachInPatientOrder() throws Exception {
        Infrastructure infrastructure = TestInfrastructure.get();
        assertThat(infrastructure.bootstrapServers()).as("the broker this service uses").isEqualTo(bootstrapServers);
        Map<UUID, UUID> programmes = new LinkedHashMap<>();
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            for (int p = 0; p < PATIENTS; p++) {
                UUID patient = UUID.randomUUID();
                programmes.put(patient, UUID.randomUUID());
                Fixtures.programmeIssued(kafka, programmes.get(patient), patient, UUID.randomUUID());
            }
        }
        // every programme known before the broker goes: plan.events has several partitions, so the last programme
        // issued may be known while an earlier one, on another partition, is not yet (a 422 then, as documented)
        for (Map.Entry<UUID, UUID> patient : programmes.entrySet()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> post(patient.getKey(), patient.getValue(),
                    UUID.randomUUID(), Instant.now().minus(2, ChronoUnit.DAYS)) == 201);
        }

        ((EmbeddedInfrastructure) infrastructure).kafka().stop();
        Map<String, List<String>> logged = new HashMap<>();
        try {
            Instant start = Instant.now().minus(1, ChronoUnit.DAYS);
            for (int i = 0; i < SESSIONS_EACH; i++) {
                for (Map.Entry<UUID, UUID> patient : programmes.entrySet()) {
                    UUID session = UUID.randomUUID();
                    assertThat(post(patient.getKey(), patient.getValue(), session, start.plusSeconds(i * 60L)))
                            .as("accepted while Kafka is down").isEqualTo(201);
                    logged.computeIfAbsent(patient.getKey().toString(), k -> new ArrayList<>()).add(session.toString());
                }
            }
        } finally {
            ((EmbeddedInfrastructure) infrastructure).kafka().startBroker();
        }

        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            ConsumerTask<String, String> events = kafka.consumeStrings().fromTopics("workout.events");
            Set<String> sessionIds = logged.values().stream().flatMap(List::stream).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(60)).until(() -> ours(events, sessionIds).size() >= PATIENTS * SESSIONS_EACH);
            Thread.sleep(2000);
            List<ConsumerRecord<String, String>> received = ours(events, sessionIds);
            events.stop();

            assertThat(received).hasSize(PATIENTS * SESSIONS_EACH);
            Map<String, List<String>> perPatient = received.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                    Collectors.mapping(BrokerOutageTest::sessionId, Collectors.toList())));
            assertThat(perPatient).isEqualTo(logged);
        }
    }

    @Test
    void aBodyOver256KiBIs413() {
        UUID patient = UUID.randomUUID();
        String notes = "x".repeat(300 * 1024);
        as("patient", patient).contentType(ContentType.JSON).body(Map.of("notes", notes))
                .post("/v1/patients/" + patient + "/sessions").then().statusCode(413);
    }

    /** The events of the sessions logged while the broker was down. */
    private static List<ConsumerRecord<String, String>> ours(ConsumerTask<String, String> events, Set<String> sessionIds) {
        return events.getRecords().stream().filter(r -> sessionIds.contains(sessionId(r))).toList();
    }

    private static String sessionId(ConsumerRecord<String, String> record) {
        int at = record.value().indexOf("\"sessionId\":\"");
        return at < 0 ? "" : record.value().substring(at + 13, at + 49);
    }

    private static int post(UUID patient, UUID programId, UUID sessionId, Instant performedAt) {
        Map<String, Object> body = Fixtures.session(sessionId, programId, 1);
        body.put("performedAt", performedAt.toString());
        return as("patient", patient).contentType(ContentType.JSON).body(body)
                .post("/v1/patients/" + patient + "/sessions").statusCode();
    }
}
