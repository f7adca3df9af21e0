package org.rehabloop.system;

import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Figures for logging-service on this machine, printed: the delay from an accepted session (201) to its event on
 * {@code workout.events} when the system is idle, and request throughput and latency under concurrent load.
 * Run with {@code ./mvnw verify -Dgroups=benchmark -Dbenchmarks.excluded=none} (not part of the default run).
 */
@Tag("benchmark")
class LoggingBenchmarkTest {
    private static RunningSystem system;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        system = RunningSystem.get();
    }

    private record Patient(UUID id, String programId, String token) {
    }

    private static Patient patientWithProgramme() {
        UUID clinician = UUID.randomUUID();
        UUID patient = UUID.randomUUID();
        String programId = given().baseUri(system.url("plan-service")).auth().oauth2(system.tokens.mint("clinician", clinician))
                .contentType(ContentType.JSON)
                .body(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain", "startDate", LocalDate.now().toString()))
                .post("/v1/programs").then().statusCode(201).extract().path("id");
        Patient p = new Patient(patient, programId, system.tokens.mint("patient", patient));
        await().atMost(Duration.ofSeconds(30)).until(() -> post(p, UUID.randomUUID()).statusCode() == 201);
        return p;
    }

    private static HttpResponse<Void> post(Patient p, UUID sessionId) throws Exception {
        String body = "{\"id\":\"" + sessionId + "\",\"programId\":\"" + p.programId() + "\",\"programVersion\":1,"
                + "\"performedAt\":\"" + Instant.now().minus(1, ChronoUnit.HOURS) + "\",\"durationMinutes\":30,"
                + "\"sessionRpe\":5,\"painBefore\":1,\"exercises\":[{\"exerciseCode\":\"clamshell\",\"form\":\"CLEAN\","
                + "\"painDuring\":1,\"sets\":[{\"count\":15},{\"count\":15}]}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(system.url("logging-service") + "/v1/patients/" + p.id() + "/sessions"))
                .header("Authorization", "Bearer " + p.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void commitToTopicDelayWhenIdle() throws Exception {
        Patient patient = patientWithProgramme();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.infrastructure.bootstrapServers()),
                    new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor("workout.events").stream()
                        .map(i -> new TopicPartition("workout.events", i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                while (reading.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
                        seenAt.put(record.value().substring(14, 50), System.nanoTime());
                    }
                }
            }
        });
        reader.start();
        Thread.sleep(1000);
        int n = 200;
        Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            assertThat(post(patient, id).statusCode()).isEqualTo(201);
            acceptedAt.put(id.toString(), System.nanoTime());
            Thread.sleep(50);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> seenAt.keySet().containsAll(acceptedAt.keySet()));
        reading.set(false);
        reader.join();
        List<Double> millis = new ArrayList<>();
        acceptedAt.forEach((id, at) -> millis.add((seenAt.get(id) - at) / 1e6));
        print("logging-service, 201 -> event on workout.events, idle (" + n + " sessions, one every 50 ms)", millis);
    }

    @Test
    void sessionsPerSecondUnderLoad() throws Exception {
        int clients = 8;
        int perClient = 250;
        List<Patient> patients = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            patients.add(patientWithProgramme());
        }
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (Patient patient : patients) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < perClient; i++) {
                    long t0 = System.nanoTime();
                    assertThat(post(patient, UUID.randomUUID()).statusCode()).isEqualTo(201);
                    latencies.add((System.nanoTime() - t0) / 1e6);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("%nBENCHMARK logging-service POST /sessions: %d clients x %d sessions in %.1f s = %.0f sessions/s%n",
                clients, perClient, seconds, clients * perClient / seconds);
        print("logging-service POST /sessions latency under that load", latencies);
    }

    private static void print(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("BENCHMARK %s: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)%n", what,
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted.get(sorted.size() - 1),
                sorted.size());
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
