package org.rehabloop.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rehabloop.infra.EmbeddedInfrastructure;
import org.rehabloop.infra.FreePorts;
import org.rehabloop.infra.JwtKeys;
import org.rehabloop.infra.ServiceProcess;
import org.rehabloop.infra.ServiceProcess.Service;
import org.rehabloop.infra.Tokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults under a steady load of sessions and check-ins, on a system of its own (its own PostgreSQL, Kafka and
 * services as processes): kill -9 of each service in the middle of its work, then a 20 s PostgreSQL outage. The
 * phones behave as phones do: a request that got no answer or a 503 is sent again with the same id. Afterwards every
 * accepted request is stored once, every stored session is one event on {@code workout.events}, every painful session
 * is evidence once on one alert, and no adjustment request made two versions.
 */
class CrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PATIENTS = 12;
    private static final int CLIENTS = 4;

    private static Path data;
    private static EmbeddedInfrastructure infrastructure;
    private static JwtKeys keys;
    private static Tokens tokens;
    private static final Map<String, ServiceProcess> services = new ConcurrentHashMap<>();
    private static final Map<String, Integer> ports = new HashMap<>();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final UUID clinician = UUID.randomUUID();
    private final Map<UUID, UUID> programmes = new LinkedHashMap<>();

    /** One request of the load, as the phone saw it. */
    record Sent(String phase, Instant at, int status, long millis, boolean problemJson) {
    }

    private final List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Accepted (201 or 200) client ids, with the phase in which they were accepted. */
    private final Map<UUID, String> acceptedSessions = new ConcurrentHashMap<>();
    private final Map<UUID, String> acceptedCheckIns = new ConcurrentHashMap<>();
    private final Map<UUID, UUID> painfulSessions = new ConcurrentHashMap<>();
    private final AtomicReference<String> phase = new AtomicReference<>("steady");

    @BeforeAll
    static void startSystem() throws IOException {
        data = Files.createTempDirectory("rehabloop-crash");
        infrastructure = EmbeddedInfrastructure.startPersistent(data, FreePorts.next(), FreePorts.pair());
        keys = JwtKeys.in(data.resolve("jwt"));
        tokens = new Tokens(keys);
        for (Service service : Service.ALL) {
            ports.put(service.name(), FreePorts.next());
            start(service.name());
        }
    }

    @AfterAll
    static void stopSystem() {
        services.values().parallelStream().forEach(ServiceProcess::close);
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    private static void start(String name) {
        Service service = Service.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        ServiceProcess process = ServiceProcess.start(service, ports.get(name), Path.of("..").toAbsolutePath().normalize(),
                infrastructure, keys, Path.of("target", "crash-logs").toAbsolutePath(),
                Map.of("REHABLOOP_OUTBOX_POLL_INTERVAL", "PT0.5S", "REHABLOOP_KAFKA_SESSION_TIMEOUT_MS", "8000"));
        services.put(name, process);
        process.awaitReady(Duration.ofMinutes(3));
    }

    private String url(String service) {
        return "http://localhost:" + ports.get(service);
    }

    @Test
    void crashesAndAnOutageLoseNothingAndDuplicateNothing() throws Exception {
        for (int i = 0; i < PATIENTS; i++) {
            UUID patient = UUID.randomUUID();
            HttpResponse<String> issued = post("plan-service", "/v1/programs", "clinician", clinician, Map.of(
                    "patientId", patient, "templateCode", "hip-strength-knee-pain",
                    "startDate", LocalDate.now().minusDays(3).toString()));
            assertThat(issued.statusCode()).isEqualTo(201);
            programmes.put(patient, UUID.fromString(JSON.readTree(issued.body()).get("id").asText()));
        }

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger turn = new AtomicInteger();
        for (int c = 0; c < CLIENTS; c++) {
            load.submit(() -> {
                while (running.get()) {
                    phone(turn.getAndIncrement());
                }
                return null;
            });
        }

        List<String[]> table = new ArrayList<>();
        Thread.sleep(4000);
        table.add(kill("logging-service", "kill -9 logging-service (relay at work)"));
        Thread.sleep(4000);
        table.add(kill("assessment-service", "kill -9 assessment-service (consuming)"));
        Thread.sleep(4000);
        table.add(kill("plan-service", "kill -9 plan-service (applying adjustments)"));
        Thread.sleep(4000);
        table.add(databaseOutage());
        Thread.sleep(4000);
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        Map<String, int[]> perPhase = verify();
        System.out.println("\nCRASH TABLE\nfault                                       | requests during it | lost | duplicated | recovery s");
        for (String[] row : table) {
            int[] counts = perPhase.getOrDefault(row[0], new int[2]);
            System.out.printf("%-43s | %18s | %4d | %10d | %s%n", row[0], row[1], counts[0], counts[1], row[2]);
        }
        int[] steady = perPhase.getOrDefault("steady", new int[2]);
        System.out.printf("%-43s | %18d | %4d | %10d | -%n", "(steady load between faults)",
                sent().stream().filter(s -> s.phase().equals("steady")).count(), steady[0], steady[1]);
        System.out.printf("accepted: %d sessions (%d painful), %d check-ins; answers: %s%n", acceptedSessions.size(),
                painfulSessions.size(), acceptedCheckIns.size(), statusCounts());
        int lost = perPhase.values().stream().mapToInt(c -> c[0]).sum();
        int duplicated = perPhase.values().stream().mapToInt(c -> c[1]).sum();
        assertThat(lost).as("accepted requests lost").isZero();
        assertThat(duplicated).as("effects duplicated").isZero();
        assertThat(sent()).as("no 5xx but 503 from any service").noneMatch(s -> s.status() >= 500 && s.status() != 503);
    }

    private String statusCounts() {
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        synchronized (sent) {
            sent.forEach(s -> counts.merge(s.status(), 1, Integer::sum));
        }
        return counts.toString();
    }

    /** What the phones sent so far: a copy, as they keep sending while it is read. */
    private List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** One phone's turn: a session (every fifth painful) or a check-in, sent until it is answered for good. */
    private void phone(int n) throws InterruptedException {
        UUID patient = new ArrayList<>(programmes.keySet()).get(n % PATIENTS);
        UUID id = UUID.randomUUID();
        boolean checkIn = n % 4 == 3;
        boolean painful = !checkIn && n % 5 == 0;
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> body = checkIn
                ? Map.of("id", id, "at", at.toString(), "pain", 2, "kind", "DAILY")
                : session(id, programmes.get(patient), at, painful ? 6 : 2);
        String path = "/v1/patients/" + patient + (checkIn ? "/pain-checkins" : "/sessions");
        for (int attempt = 0; attempt < 400; attempt++) {
            String during = phase.get();
            long started = System.nanoTime();
            int status;
            boolean problem = false;
            try {
                HttpResponse<String> answer = post("logging-service", path, "patient", patient, body);
                status = answer.statusCode();
                problem = answer.headers().firstValue("content-type").orElse("").startsWith("application/problem+json");
            } catch (IOException noAnswer) {
                status = -1;
            }
            sent.add(new Sent(during, Instant.now(), status, (System.nanoTime() - started) / 1_000_000, problem));
            if (status == 201 || status == 200) {
                (checkIn ? acceptedCheckIns : acceptedSessions).put(id, during);
                if (painful) {
                    painfulSessions.put(id, patient);
                }
                return;
            }
            if (status == 400 || status == 409) {
                throw new AssertionError("the load's own request was refused: " + status);
            }
            Thread.sleep(250); // no answer, 503, or 422 while logging-service learns the programme: the phone retries
        }
        throw new AssertionError("a request was never accepted");
    }

    private static Map<String, Object> session(UUID id, UUID programId, Instant at, int painDuring) {
        return Map.of("id", id, "programId", programId, "programVersion", 1, "performedAt", at.toString(),
                "durationMinutes", 30, "sessionRpe", 5, "painBefore", 2,
                "exercises", List.of(Map.of("exerciseCode", "clamshell", "form", "CLEAN", "painDuring", painDuring,
                        "sets", List.of(Map.of("count", 15), Map.of("count", 15)))));
    }

    private HttpResponse<String> post(String service, String path, String role, UUID subject, Object body) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url(service) + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + tokens.mint(role, subject))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** kill -9, restart, and the time until the service is ready and the phones are answered again. */
    private String[] kill(String name, String fault) {
        phase.set(fault);
        Instant killed = Instant.now();
        services.get(name).kill();
        start(name);
        awaitAccepted(killed);
        double recovery = Duration.between(killed, Instant.now()).toMillis() / 1000.0;
        phase.set("steady");
        return new String[] {fault, String.valueOf(sent().stream().filter(s -> s.phase().equals(fault)).count()),
                String.format("%.1f", recovery)};
    }

    /** Waits until a request made after {@code since} was accepted. */
    private void awaitAccepted(Instant since) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            synchronized (sent) {
                if (sent.stream().anyMatch(s -> s.at().isAfter(since) && (s.status() == 201 || s.status() == 200))) {
                    return;
                }
            }
            sleep(100);
        }
        throw new AssertionError("the phones were not answered again within 120 s");
    }

    /**
     * PostgreSQL stops for 20 s: the services answer 503 problem+json quickly (nothing hangs), readiness goes DOWN,
     * and all recover by themselves when it returns.
     */
    private String[] databaseOutage() {
        String fault = "PostgreSQL stopped for 20 s";
        phase.set(fault);
        Instant stopped = Instant.now();
        infrastructure.stopPostgres();
        Set<String> down = new HashSet<>();
        Instant until = stopped.plusSeconds(20);
        while (Instant.now().isBefore(until)) {
            for (String service : ports.keySet()) {
                if (readiness(service) == 503) {
                    down.add(service);
                }
            }
            sleep(500);
        }
        infrastructure.startPostgres();
        Instant started = Instant.now();
        awaitAccepted(started);
        for (String service : ports.keySet()) {
            Instant deadline = Instant.now().plusSeconds(60);
            while (readiness(service) != 200 && Instant.now().isBefore(deadline)) {
                sleep(250);
            }
            assertThat(readiness(service)).as("%s ready again by itself", service).isEqualTo(200);
        }
        double recovery = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        phase.set("steady");
        List<Sent> during = sent().stream().filter(s -> s.phase().equals(fault) && s.at().isBefore(started)).toList();
        assertThat(down).as("readiness went DOWN on every service").containsExactlyInAnyOrderElementsOf(ports.keySet());
        assertThat(during).as("answers during the outage").isNotEmpty()
                .allSatisfy(s -> {
                    assertThat(s.status()).as("status during the outage").isIn(503, 201, 200);
                    assertThat(s.millis()).as("no hanging request").isLessThan(8000);
                });
        assertThat(during).filteredOn(s -> s.status() == 503).allMatch(Sent::problemJson);
        return new String[] {fault, String.valueOf(sent().stream().filter(s -> s.phase().equals(fault)).count()),
                String.format("%.1f", recovery)};
    }

    private int readiness(String service) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url(service) + "/q/health/ready")).timeout(Duration.ofSeconds(3))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Lost and duplicated, per phase in which the request was accepted. */
    private Map<String, int[]> verify() throws Exception {
        Map<String, int[]> perPhase = new HashMap<>();
        // 1. every accepted request is stored once
        Map<UUID, Integer> storedSessions = counts("logging", "SELECT id, count(*) FROM workout_session GROUP BY id");
        Map<UUID, Integer> storedCheckIns = counts("logging", "SELECT id, count(*) FROM pain_checkin GROUP BY id");
        acceptedSessions.forEach((id, during) -> tally(perPhase, during, storedSessions.getOrDefault(id, 0)));
        acceptedCheckIns.forEach((id, during) -> tally(perPhase, during, storedCheckIns.getOrDefault(id, 0)));

        // 2. every stored session is one event on workout.events (the same event may be delivered again after a
        // crash between the broker's acknowledgement and the relay's mark; it keeps its ce_id and is deduplicated)
        Map<UUID, Set<String>> events = awaitEvents(storedSessions.keySet());
        acceptedSessions.forEach((id, during) -> tally(perPhase, during, events.getOrDefault(id, Set.of()).size()));

        // 3. every painful session is evidence on the patient's one OVL-PAIN-DURING alert, and never twice. An open
        // alert keeps its first observation and the latest ones; every observation stays in the alert's change history
        // (alert_change), so that is where each is looked for; the alert as it stands must hold none twice.
        Instant deadline = Instant.now().plusSeconds(60);
        Map<UUID, Integer> observed;
        do {
            observed = counts("assessment", "SELECT DISTINCT (e->>'sessionId')::uuid, 1 FROM alert_change c, "
                    + "jsonb_array_elements(c.payload->'evidence') e WHERE c.payload->>'ruleCode' = 'OVL-PAIN-DURING'");
            if (painfulSessions.keySet().stream().allMatch(observed::containsKey)) {
                break;
            }
            sleep(500);
        } while (Instant.now().isBefore(deadline));
        Map<UUID, Integer> onTheAlert = counts("assessment", "SELECT (e->>'sessionId')::uuid, count(*) FROM alert a, "
                + "jsonb_array_elements(a.evidence) e WHERE a.rule_code = 'OVL-PAIN-DURING' GROUP BY 1");
        Map<UUID, Integer> finalObserved = observed;
        painfulSessions.keySet().forEach(id -> tally(perPhase, acceptedSessions.get(id),
                Math.max(finalObserved.getOrDefault(id, 0), onTheAlert.getOrDefault(id, 0))));
        Map<UUID, Integer> alertsPerPatient = counts("assessment",
                "SELECT patient_id, count(*) FROM alert WHERE rule_code = 'OVL-PAIN-DURING' GROUP BY patient_id");
        alertsPerPatient.values().forEach(n -> tally(perPhase, "steady", n));

        // 4. no adjustment request took effect twice
        Map<UUID, Integer> versionsPerRequest = counts("plan",
                "SELECT request_id, count(*) FROM program_version WHERE request_id IS NOT NULL GROUP BY request_id");
        versionsPerRequest.values().forEach(n -> tally(perPhase, "steady", n));
        return perPhase;
    }

    private static void tally(Map<String, int[]> perPhase, String phase, int times) {
        int[] counts = perPhase.computeIfAbsent(phase, p -> new int[2]);
        if (times == 0) {
            counts[0]++;
        } else if (times > 1) {
            counts[1]++;
        }
    }

    private Map<UUID, Integer> counts(String database, String sql) throws Exception {
        Map<UUID, Integer> counts = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(database), infrastructure.username(),
                infrastructure.password()); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                counts.put((UUID) rows.getObject(1), rows.getInt(2));
            }
        }
        return counts;
    }

    /** The distinct event ids of each session on workout.events, once every stored session has one. */
    private Map<UUID, Set<String>> awaitEvents(Set<UUID> stored) {
        Map<UUID, Set<String>> events = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("workout.events").stream()
                    .map(p -> new TopicPartition("workout.events", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(90);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode value = readTree(record.value());
                    if (value.hasNonNull("sessionId")) {
                        var header = record.headers().lastHeader("ce_id");
                        events.computeIfAbsent(UUID.fromString(value.get("sessionId").asText()), k -> new HashSet<>())
                                .add(header == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
                    }
                }
                if (events.keySet().containsAll(stored)) {
                    break;
                }
            }
        }
        return events;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
