package org.rehabloop.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rehabloop.infra.ServiceProcess.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * {@code ./rehabloop bench}: the throughput of the whole loop on this machine. It starts its own PostgreSQL, Kafka and
 * the three services (free ports, a temporary data directory: a running {@code ./rehabloop up} is not disturbed),
 * creates patients with programmes, drives sessions from concurrent clients and prints one table: sessions/s and
 * latency, a plain-JDBC baseline writing the same rows, CPU per session of each service, assessment-service's
 * consumer lag and catch-up, session-to-alert latency, the effect of a long history, the replay rate of a fresh
 * assessment-service from offset 0, and each service's memory and start time.
 */
public final class Bench {
    static final String WORKOUT_EVENTS = "workout.events";
    static final String PLAN_EVENTS = "plan.events";
    static final String ALERTS = "assessment.alerts";
    static final String ASSESSMENT_GROUP = "assessment-service.workout-events";
    static final String PAIN_RULE = "OVL-PAIN-DURING";
    /** Past the longest look-back of the rules (28 days) with a day or two to spare. */
    static final Duration HISTORY_SPAN = Duration.ofDays(30);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");
    private static final Pattern SESSION_ID = Pattern.compile("\"sessionId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");
    private static final Pattern RULE_CODE = Pattern.compile("\"ruleCode\"\\s*:\\s*\"([A-Za-z0-9-]+)\"");
    private static final Pattern PERFORMED_AT = Pattern.compile("\"performedAt\"\\s*:\\s*\"[^\"]*\"");

    /** What to run; {@link #defaults(Path)} are the figures of the README. */
    public record Options(Path root, Duration load, Duration warmup, int clients, int patients, int painfulEvery,
            int replayEvents, int historyLarge, int historySmall, int historyProbes, boolean keepData,
            double pacedFraction, int mostWarmUpRounds, Path replayOf) {

        public static Options defaults(Path root) {
            return new Options(root, Duration.ofSeconds(30), Duration.ofSeconds(10), 8, 1000, 10, 100_000, 1000, 10, 15, false, 0.8, 90, null);
        }

        /** A short run for CI: every figure measured, none meaningful. */
        public static Options smoke(Path root) {
            return new Options(root, Duration.ofSeconds(5), Duration.ofSeconds(1), 4, 8, 5, 1_000, 60, 10, 2, false, 0.8, 8, null);
        }

        /**
         * The command line's {@code --name=value} options over the defaults, or over the smoke's with {@code --smoke}
         * (wherever it stands); {@code --replay-of} implies {@code --keep}. An unknown option or a value that does not
         * read is an IllegalArgumentException naming it.
         */
        public static Options parse(Path root, String... args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (String arg : args) {
                String[] kv = arg.replaceFirst("^--", "").split("=", 2);
                given.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            given.remove("rebuild"); // the script's: it built the services first
            Options base = given.remove("smoke") != null ? smoke(root) : defaults(root);
            Path replayOf = option(given, "replay-of", v -> Path.of(v).toAbsolutePath(), base.replayOf());
            Options parsed = new Options(root,
                    option(given, "duration", Options::seconds, base.load()),
                    option(given, "warmup", Options::seconds, base.warmup()),
                    option(given, "clients", Integer::parseInt, base.clients()),
                    option(given, "patients", Integer::parseInt, base.patients()),
                    option(given, "painful-every", Integer::parseInt, base.painfulEvery()),
                    option(given, "replay-events", Integer::parseInt, base.replayEvents()),
                    option(given, "history", Integer::parseInt, base.historyLarge()),
                    base.historySmall(),
                    option(given, "probes", Integer::parseInt, base.historyProbes()),
                    given.remove("keep") != null || replayOf != null || base.keepData(),
                    option(given, "paced", Double::parseDouble, base.pacedFraction()),
                    option(given, "most-warmup-rounds", Integer::parseInt, base.mostWarmUpRounds()),
                    replayOf);
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown option --" + given.keySet().iterator().next());
            }
            return parsed;
        }

        private static <T> T option(Map<String, String> given, String name, Function<String, T> read, T otherwise) {
            String value = given.remove(name);
            if (value == null) {
                return otherwise;
            }
            try {
                return read.apply(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--" + name + "=" + value + " does not read as a value of that option");
            }
        }

        private static Duration seconds(String v) {
            return Duration.ofMillis((long) (Double.parseDouble(v.replaceAll("s$", "")) * 1000));
        }
    }

    /** The figures by name (see {@link #table()}) and the printed table. */
    public record Result(Map<String, Double> figures, String table) {
    }

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private final Map<String, Long> alertSeenAt = new ConcurrentHashMap<>();
    private final Map<String, Long> painfulAcceptedAt = new ConcurrentHashMap<>();
    /** The painful sessions' alerts hop by hop (wall-clock ms), for the log. */
    private final AlertPath alertPath = new AlertPath();
    /** The rule of each alert event seen on the topic, by patient (the record's key), in order. */
    private final Map<String, List<String>> alertRules = new ConcurrentHashMap<>();
    private final long clockTicks = clockTicks();

    private EmbeddedInfrastructure infra;
    private Tokens tokens;
    private JwtKeys keys;
    private Path work;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Connection> counting = new ConcurrentHashMap<>();
    private final Map<String, Double> startSeconds = Collections.synchronizedMap(new LinkedHashMap<>());
    /**
     * The patients the load is sent for now: a cohort of {@code --patients}, replaced by a fresh one before each measured
     * load and, in the warm-up, once each has logged {@value #MOST_SESSIONS_PER_PATIENT} sessions.
     */
    private volatile List<Patient> patients = List.of();
    /** Every cohort's patients. */
    private final List<Patient> everyone = new ArrayList<>();
    /** Sessions sent for the current cohort. */
    private final AtomicLong cohortSessions = new AtomicLong();
    private Admin admin;
    /** PostgreSQL's statement statistics by phase, when {@code REHABLOOP_PG_STATS} is set; else null. */
    private StatementStats statements;

    record Patient(UUID id, UUID clinician, String programId, String token) {
    }

    private Bench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("rehabloop.log.level", "warn"));
        Options o;
        try {
            o = Options.parse(Path.of("").toAbsolutePath(), args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: ./rehabloop bench [--duration=30s] [--warmup=10s] [--clients=8] [--patients=1000]"
                    + " [--painful-every=10] [--paced=0.8] [--replay-events=100000] [--history=1000] [--probes=15] [--most-warmup-rounds=90]"
                    + " [--keep] [--smoke] [--replay-of=DIR]");
            System.exit(2);
            return;
        }
        Result result = run(o);
        System.out.println(result.table());
        System.exit(0);
    }

    /** Runs the whole benchmark and stops everything it started. */
    public static Result run(Options options) {
        Bench bench = new Bench(options);
        try {
            bench.execute();
        } catch (Exception e) {
            throw new IllegalStateException("benchmark failed: " + e, e);
        } finally {
            bench.shutdown();
        }
        return new Result(Collections.unmodifiableMap(bench.figures), bench.table());
    }

    // ------------------------------------------------------------------------------------------------ the run

    private void execute() throws Exception {
        if (options.replayOf() != null) {
            replayOnly();
            return;
        }
        log("Benchmark: %s load after %s warm-up, %d clients, %d patients, 1 session in %d painful, replay of %d events",
                options.load(), options.warmup(), options.clients(), options.patients(), options.painfulEvery(), options.replayEvents());
        startInfrastructure(Files.createTempDirectory("rehabloop-bench"));

        startServices();
        newCohort("the warm-up");
        AtomicBoolean tapping = new AtomicBoolean(true);
        Thread alertTap = startAlertTap(tapping);
        try {
            warmUp();
            measureIdle();
            measureLoad();
            measurePaced();
            measureHistory();
            measureIngestAlone();
            measureBaseline();
            for (ServiceProcess service : services.values()) {
                service.close(); // the replay gets the machine to itself
            }
            services.clear();
            measureReplay();
        } finally {
            tapping.set(false);
            alertTap.join(10_000);
        }
    }

    /** PostgreSQL and Kafka on free ports, their data under {@code directory}'s data/ (kept there, or new). */
    private void startInfrastructure(Path directory) {
        work = directory;
        keys = JwtKeys.in(work.resolve("jwt"));
        tokens = new Tokens(keys);
        // durable settings (fsync on), as ./rehabloop up runs PostgreSQL
        infra = EmbeddedInfrastructure.startPersistent(work.resolve("data"), FreePorts.next(), FreePorts.pair());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()));
        log("PostgreSQL %s, Kafka %s, data in %s", infra.jdbcUrl(""), infra.bootstrapServers(), work);
        statements = StatementStats.wanted() ? new StatementStats(() -> connect("postgres")) : null;
    }

    /**
     * {@code --replay-of=DIR}: only the replay, on the data a run with {@code --keep} left in DIR (its topics as they
     * were; a fresh database and consumer groups, as in the whole run). Minutes instead of a quarter of an hour, to try a
     * change that concerns the replay; the whole run is what the README's figures come from.
     */
    private void replayOnly() throws Exception {
        log("Replay only, on the data kept in %s", options.replayOf());
        startInfrastructure(options.replayOf());
        if (endOffsets(WORKOUT_EVENTS) < options.replayEvents()) {
            throw new IllegalStateException("the kept topic holds " + endOffsets(WORKOUT_EVENTS) + " workout events, fewer than --replay-events="
                    + options.replayEvents() + ": run the whole benchmark");
        }
        measureReplay();
    }

    private void startServices() {
        log("Starting the three services...");
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (Service service : Service.ALL) {
            long t0 = System.nanoTime();
            ServiceProcess process = ServiceProcess.start(service, FreePorts.next(), options.root(), infra, keys,
                    work.resolve("logs"), Map.of());
            services.put(service.name(), process);
            ready.add(CompletableFuture.runAsync(() -> {
                process.awaitReady(Duration.ofMinutes(3));
                startSeconds.put(service.name(), (System.nanoTime() - t0) / 1e9);
            }));
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        log("Ready: %s", startSeconds);
    }

    /**
     * The most sessions a patient of the warm-up logs before it moves to a fresh cohort. All of a benchmark's sessions
     * happen within minutes, so all are in the 28 days the rules look back over, where a clinic's patient has about a
     * dozen (3 a week); one who logged hundreds would have each live session judged against all of them. The measured
     * loads each have a fresh cohort, whose patients log 20-30 sessions in them. The warm-up's cohorts last longer: a
     * patient's first sessions cost about twice what the later ones do (alerts raised and resolved, adjustments
     * applied), so a cohort's first rounds are slower, and the warm-up settles only over rounds of one cohort.
     */
    static final int MOST_SESSIONS_PER_PATIENT = 100;

    /**
     * A fresh cohort of {@code --patients} patients with programmes, known to the services, for the load from now on:
     * enough that each logs a few sessions in a load, as a clinic's patients do, rather than a few patients logging
     * hundreds in minutes.
     */
    private void newCohort(String purpose) throws Exception {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        List<Future<Patient>> made = new ArrayList<>();
        for (int i = 0; i < options.patients(); i++) {
            made.add(pool.submit(() -> newPatient(LocalDate.now().minusDays(60))));
        }
        List<Patient> cohort = new ArrayList<>();
        for (Future<Patient> patient : made) {
            cohort.add(patient.get());
        }
        pool.shutdown();
        awaitProgrammesKnown(cohort);
        everyone.addAll(cohort);
        patients = List.copyOf(cohort);
        cohortSessions.set(0);
        firstSessions(cohort);
        log("%d patients with programmes for %s (%d in all), each with a first session, in %.1f s", cohort.size(), purpose,
                everyone.size(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Each patient of a new cohort logs a first session (painless), and the loop catches up, before the cohort is
     * loaded. A programme's first session is not like the others: the programmes started 60 days ago, so each first
     * session raises STL-ADHERENCE (no session for three prescribed ones in a row). Left in the measured load, a
     * thousand patients' first sessions came in its first two seconds, a start-up burst that a clinic never sends and
     * that set the tail of the load's alert latency (the paced load's lag was 300-660 events in its first eight
     * seconds and under 100 after).
     */
    private void firstSessions(List<Patient> cohort) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        AtomicLong failed = new AtomicLong();
        List<Future<Long>> sent = new ArrayList<>();
        for (Patient p : cohort) {
            sent.add(pool.submit(() -> send(p, false, false, failed)));
        }
        for (Future<Long> f : sent) {
            f.get();
        }
        pool.shutdown();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " first sessions of a new cohort were not taken");
        }
        awaitCaughtUp(Duration.ofMinutes(3));
    }

    private Patient newPatient(LocalDate start) throws Exception {
        UUID clinician = UUID.randomUUID();
        UUID patient = UUID.randomUUID();
        String body = "{\"patientId\":\"" + patient + "\",\"templateCode\":\"hip-strength-knee-pain\",\"startDate\":\""
                + start + "\",\"sessionsPerWeek\":3,\"autoAdjust\":\"SAFE\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("plan-service") + "/v1/programs"))
                .header("Authorization", "Bearer " + tokens.mint("clinician", clinician))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /v1/programs answered " + response.statusCode() + ": " + response.body());
        }
        Matcher id = ID.matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("no programme id in " + response.body());
        }
        return new Patient(patient, clinician, id.group(1), tokens.mint("patient", patient));
    }

    /** Until logging-service (which refuses sessions otherwise) and assessment-service know every programme. */
    private void awaitProgrammesKnown(List<Patient> which) throws Exception {
        String[] ids = which.stream().map(Patient::programId).toArray(String[]::new);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (String database : List.of("logging", "assessment")) {
            try (Connection c = connect(database);
                    PreparedStatement q = c.prepareStatement("SELECT count(*) FROM patient_program WHERE program_id = ANY (?::uuid[])")) {
                q.setArray(1, c.createArrayOf("text", ids));
                while (true) {
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) >= ids.length) {
                            break;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(database + " did not learn the programmes within 90 s");
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ load

    private record LoadResult(long ok, long failed, double seconds, long[] latencies) {
    }

    private String sessionBody(UUID id, String programId, Instant performedAt, boolean painful) {
        return "{\"id\":\"" + id + "\",\"programId\":\"" + programId + "\",\"programVersion\":1,\"performedAt\":\""
                + performedAt + "\",\"durationMinutes\":35,\"sessionRpe\":5,\"painBefore\":1,\"notes\":\"bench\","
                + "\"exercises\":[{\"exerciseCode\":\"clamshell\",\"form\":\"CLEAN\",\"painDuring\":" + (painful ? 7 : 1)
                + ",\"sets\":[{\"count\":15},{\"count\":15}]},{\"exerciseCode\":\"glute-bridge\",\"form\":\"CLEAN\","
                + "\"painDuring\":1,\"sets\":[{\"count\":12},{\"count\":12}]}]}";
    }

    private HttpResponse<Void> post(Patient p, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url("logging-service") + "/v1/patients/" + p.id() + "/sessions"))
                .header("Authorization", "Bearer " + p.token()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** Posts one session; when it was answered (nanoTime), or -1 when it was not taken. */
    private long send(Patient p, boolean painful, boolean trackPainful, AtomicLong failed) throws InterruptedException {
        UUID id = UUID.randomUUID();
        String body = sessionBody(id, p.programId(), Instant.now().minusSeconds(60), painful);
        int status;
        try {
            status = post(p, body).statusCode();
        } catch (IOException e) {
            status = -1;
        }
        long answered = System.nanoTime();
        long answeredAt = System.currentTimeMillis();
        if (status != 201) {
            if (failed.incrementAndGet() <= 3) {
                log("a session was answered %d", status);
            }
            return -1;
        }
        cohortSessions.incrementAndGet();
        if (trackPainful && painful) {
            painfulAcceptedAt.put(id.toString(), answered);
            alertPath.accepted(id.toString(), answeredAt);
        }
        return answered;
    }

    /**
     * Constant arrival rate through the load's {@code --clients} connections, as wrk2 paces its fixed connections:
     * session k is due at start + k / rate; the senders take the sessions in due order, each sending its next one when
     * it is due, or at once when it is already late because every sender was waiting for an answer. Its latency counts
     * from when it was due, so a slow answer that holds up later sends is not hidden. The maximum this rate is a share
     * of was measured through as many connections: only the rate differs between the two loads.
     */
    private LoadResult paced(Duration duration, double rate) throws Exception {
        long count = Math.max(1, (long) (duration.toNanos() / 1e9 * rate));
        AtomicLong next = new AtomicLong();
        List<Patient> cohort = patients;
        return clients((client, start, failed, latencies) -> {
            for (long k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
                long due = start + (long) (k * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long answered = send(cohort.get((int) (k % cohort.size())), k % options.painfulEvery() == 0, true, failed);
                if (answered >= 0) {
                    latencies.add(answered - due);
                }
            }
        });
    }

    /** Closed loop: each client posts its next session as soon as the last one was answered. */
    private LoadResult load(Duration duration, boolean trackPainful) throws Exception {
        int clients = options.clients();
        List<Patient> cohort = patients;
        return clients((client, start, failed, latencies) -> {
            long end = start + duration.toNanos();
            int i = 0;
            while (System.nanoTime() < end) {
                Patient p = cohort.get((client + clients * i) % cohort.size());
                boolean painful = (i + client) % options.painfulEvery() == 0;
                i++;
                long t0 = System.nanoTime();
                long t1 = send(p, painful, trackPainful, failed);
                if (t1 >= 0) {
                    latencies.add(t1 - t0);
                }
            }
        });
    }

    /** What one of a load's {@code --clients} does, from {@code start} (nanoTime) until its load is over. */
    private interface Client {
        void run(int client, long start, AtomicLong failed, Latencies latencies) throws Exception;
    }

    /** The latencies (ns) of one client's answered sessions. */
    private static final class Latencies {
        private long[] values = new long[1024];
        private int n;

        void add(long latency) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = latency;
        }

        LongStream stream() {
            return Arrays.stream(values, 0, n);
        }
    }

    /** Runs a load's clients, each on a thread (and so a connection) of its own, and gathers their latencies. */
    private LoadResult clients(Client client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        List<Future<Latencies>> results = new ArrayList<>();
        for (int k = 0; k < options.clients(); k++) {
            int c = k;
            results.add(pool.submit(() -> {
                Latencies latencies = new Latencies();
                client.run(c, start, failed, latencies);
                return latencies;
            }));
        }
        List<Latencies> all = new ArrayList<>();
        for (Future<Latencies> f : results) {
            all.add(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] latencies = all.stream().flatMapToLong(Latencies::stream).sorted().toArray();
        return new LoadResult(latencies.length, failed.get(), seconds, latencies);
    }

    /** At least this many warm-up rounds: the JIT's progress has plateaus of a round or two. */
    private static final int LEAST_WARM_UP_ROUNDS = 6;
    /** The services' JIT compilers' part of their CPU in a round under which the compiling is taken to be done. */
    private static final double JIT_QUIET = 0.05;

    /**
     * Rounds of {@code --warmup} closed-loop load until the services run compiled code: at least
     * {@value #LEAST_WARM_UP_ROUNDS} rounds, and the services' JIT compiler threads under {@link #JIT_QUIET} of the
     * services' CPU in each of the last three (at most {@code --most-warmup-rounds}, 90). Fresh JVMs compile their hot
     * code for minutes under load on two cores: measured before that, a session costs several times the CPU it costs
     * once compiled (25 ms in the first 10 s of one run, 7.7 ms after 80 s, the three services together), and the
     * loop's maximum is a fraction of what it is. The compilers are the measure, not the CPU per session: flat rounds
     * were not enough (in one run the compilers still took 20-30% of logging-service's CPU after five minutes of rounds
     * at 6.2, 5.2, 4.1, 4.2 ms, then went quiet, and the same load cost 1.1-1.4 ms), and with fresh cohorts of patients
     * the CPU per session moves with the cohort's age (a patient's first sessions cost the most), so rounds within a
     * tenth of each other took up to the 90-round limit with the compilers long quiet.
     */
    private void warmUp() throws Exception {
        List<Double> cpu = new ArrayList<>();
        List<Double> jitShares = new ArrayList<>();
        double jitShare = 1;
        boolean settled = false;
        while (!settled && cpu.size() < options.mostWarmUpRounds()) {
            Map<String, Long> cpuBefore = cpuTicks();
            Map<String, Long> jitBefore = compilerTicks();
            LoadResult result = load(options.warmup(), false);
            Map<String, Long> cpuAfter = cpuTicks();
            Map<String, Long> jitAfter = compilerTicks();
            long ticks = 0;
            long jit = 0;
            for (String name : services.keySet()) {
                ticks += cpuAfter.get(name) - cpuBefore.get(name);
                jit += jitAfter.get(name) - jitBefore.get(name);
            }
            cpu.add(ticks * 1000.0 / clockTicks / Math.max(1, result.ok()));
            jitShare = (double) jit / Math.max(1, ticks);
            log("Warm-up round %d: %s, %.0f sessions/s, the services' CPU %.2f ms per session, %.0f%% of it JIT compiling",
                    cpu.size(), options.warmup(), result.ok() / result.seconds(), cpu.get(cpu.size() - 1), jitShare * 100);
            jitShares.add(jitShare);
            settled = cpu.size() >= LEAST_WARM_UP_ROUNDS
                    && Collections.max(jitShares.subList(jitShares.size() - 3, jitShares.size())) < JIT_QUIET;
            if (!settled && cohortSessions.get() >= (long) MOST_SESSIONS_PER_PATIENT * patients.size()) {
                newCohort("the warm-up");
            }
        }
        figures.put("warmup.rounds", (double) cpu.size());
        figures.put("warmup.patients", (double) everyone.size());
        figures.put("warmup.jit.share", jitShare);
        row("warm-up", String.format("%d rounds of %s closed-loop load, %s; JIT compiling %.0f%% of the services' CPU in the last",
                cpu.size(), options.warmup(), settled
                        ? "until the compilers were quiet three rounds running (the services' CPU per session in them: "
                                + cpu.subList(cpu.size() - 3, cpu.size()).stream().map(c -> String.format("%.1f", c))
                                .collect(Collectors.joining(", ")) + " ms)"
                        : "the compilers still busy", jitShare * 100)
                + String.format("; %d patients, a fresh cohort each time one had logged %d sessions a patient",
                        everyone.size(), MOST_SESSIONS_PER_PATIENT));
        awaitCaughtUp(Duration.ofMinutes(3));
    }

    /**
     * What each service spends with nothing to do (pollers, consumers, the feed's reader, timers): over a load it is
     * paid whatever the rate, so at a low rate it is a large part of the CPU per session.
     */
    private void measureIdle() throws Exception {
        Map<String, Long> before = cpuTicks();
        long t0 = System.nanoTime();
        Thread.sleep(5000);
        Map<String, Long> after = cpuTicks();
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder idle = new StringBuilder();
        for (String name : services.keySet()) {
            double msPerSecond = (after.get(name) - before.get(name)) * 1000.0 / clockTicks / seconds;
            figures.put("idle.cpu.ms.per.s." + name, msPerSecond);
            idle.append(String.format("%s%s %.0f", idle.length() == 0 ? "" : ", ", name, msPerSecond));
        }
        row("idle, after the warm-up: CPU ms per second", idle.toString());
    }

    /** The loop as fast as the clients are answered: the most sessions/s the running system takes in. */
    private void measureLoad() throws Exception {
        newCohort("the load");
        log("Load: %s with %d clients", options.load(), options.clients());
        statementsFrom();
        Observed o = observe(() -> load(options.load(), true));
        statementsOf("the load and its catch-up");
        LoadResult result = o.load();
        row("POST /sessions, " + options.clients() + " clients, " + options.load().toSeconds() + " s",
                String.format("%.0f sessions/s (%d sessions, %d failed)", o.rate(), result.ok(), result.failed()));
        row("  latency", String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms", ms(result.latencies(), 50),
                ms(result.latencies(), 95), ms(result.latencies(), 99)));
        figures.put("sessions.per.second", o.rate());
        figures.put("latency.p50.ms", ms(result.latencies(), 50));
        figures.put("latency.p95.ms", ms(result.latencies(), 95));
        figures.put("latency.p99.ms", ms(result.latencies(), 99));
        report(o, "", "load");

        StringBuilder rss = new StringBuilder();
        for (Map.Entry<String, ServiceProcess> e : services.entrySet()) {
            double mb = rssKb(e.getValue().pid()) / 1024.0;
            figures.put("rss.mb." + e.getKey(), mb);
            figures.put("start.s." + e.getKey(), startSeconds.get(e.getKey()));
            rss.append(String.format("%s%s %.0f MB / %.1f s", rss.length() == 0 ? "" : ", ", e.getKey(), mb,
                    startSeconds.get(e.getKey())));
        }
        row("RSS after load / start to ready (3 at once)", rss.toString());
    }

    /**
     * A steady arrival rate below the maximum (sessions are sent on a schedule, whether or not earlier ones were
     * answered quickly), which is how a clinic's phones load the system. Latency at the maximum only measures the queue;
     * here it says whether assessment keeps up. A session's latency counts from when it was due to be sent, so a slow
     * answer that delays the next sends is not hidden.
     */
    private void measurePaced() throws Exception {
        double maximum = figures.getOrDefault("sessions.per.second", 0.0);
        double rate = Math.max(1, maximum * options.pacedFraction());
        newCohort("the paced load");
        log("Paced load: %.0f sessions/s (%.0f%% of %.0f) for %s", rate, options.pacedFraction() * 100, maximum, options.load());
        statementsFrom();
        Observed o = observe(() -> paced(options.load(), rate));
        statementsOf("the paced load and its catch-up");
        LoadResult result = o.load();
        row(String.format("paced load, %.0f%% of that maximum: %.0f sessions/s due, %d connections, %d s",
                        options.pacedFraction() * 100, rate, options.clients(), options.load().toSeconds()),
                String.format("%.0f sessions/s taken (%d sessions, %d failed); from due time p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
                        o.rate(), result.ok(), result.failed(), ms(result.latencies(), 50), ms(result.latencies(), 95),
                        ms(result.latencies(), 99)));
        figures.put("paced.due.per.second", rate);
        figures.put("paced.sessions.per.second", o.rate());
        figures.put("paced.latency.p50.ms", ms(result.latencies(), 50));
        figures.put("paced.latency.p99.ms", ms(result.latencies(), 99));
        report(o, "paced.", "paced load");
    }

    /** What a load did to the loop: CPU, assessment's lag, its catch-up, and the alerts of the painful sessions. */
    private record Observed(LoadResult load, double rate, Map<String, Double> cpuMsPerSession, long handled,
            long maxCommittedLag, long maxProcessedLag, double catchUpCommitted, double catchUpProcessed,
            long[] alertLatencies, long missingAlerts) {
    }

    @FunctionalInterface
    private interface Driver {
        LoadResult drive() throws Exception;
    }

    private Observed observe(Driver driver) throws Exception {
        painfulAcceptedAt.clear();
        alertPath.clear();
        Map<String, Long> cpuBefore = cpuTicks();
        long processedBefore = processed("assessment");
        List<long[]> lagSamples = Collections.synchronizedList(new ArrayList<>()); // {nanos, committed lag, processed lag}
        AtomicBoolean sampling = new AtomicBoolean(true);
        Timeline timeline = new Timeline(System.nanoTime(), cohortSessions.get());
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    long end = endOffsets(WORKOUT_EVENTS);
                    long committedLag = end - committed(ASSESSMENT_GROUP, WORKOUT_EVENTS);
                    OptionalLong judged = judgedBy("assessment-service", "assessment");
                    if (judged.isPresent()) { // else a second without a sample, not a lag of every event ever
                        long[] lag = {System.nanoTime(), committedLag, end - judged.getAsLong()};
                        lagSamples.add(lag);
                        timeline.second(lag, cohortSessions.get());
                    } else {
                        log("lag sample skipped: assessment-service's metrics could not be read");
                    }
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    log("lag sample failed: %s", e);
                }
            }
        }, "bench-lag");
        sampler.start();
        LoadResult result = driver.drive();
        long loadEnded = System.nanoTime();
        long[] caughtUp = awaitCaughtUp(Duration.ofMinutes(10)); // {committed lag 0, processed lag 0} at
        sampling.set(false);
        sampler.interrupt();
        sampler.join();
        Map<String, Long> cpuAfter = cpuTicks();
        long handled = processed("assessment") - processedBefore;

        long sessions = Math.max(1, result.ok());
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String name : services.keySet()) {
            cpu.put(name, (cpuAfter.get(name) - cpuBefore.get(name)) * 1000.0 / clockTicks / sessions);
        }
        long maxCommitted = 0;
        long maxProcessed = 0;
        synchronized (lagSamples) {
            for (long[] s : lagSamples) {
                if (s[0] <= loadEnded) {
                    maxCommitted = Math.max(maxCommitted, s[1]);
                    maxProcessed = Math.max(maxProcessed, s[2]);
                }
            }
        }
        // the alerts of the painful sessions: every one must come
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!alertSeenAt.keySet().containsAll(painfulAcceptedAt.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        sessionsPublished(alertPath);
        AlertPath.describe(alertPath.hops()).forEach(line -> log("  alert path: %s", line));
        long[] alertLatencies = painfulAcceptedAt.entrySet().stream()
                .filter(e -> alertSeenAt.containsKey(e.getKey()))
                .mapToLong(e -> Math.max(0, alertSeenAt.get(e.getKey()) - e.getValue())).sorted().toArray();
        return new Observed(result, result.ok() / result.seconds(), cpu, handled, maxCommitted, maxProcessed,
                Math.max(0, caughtUp[0] - loadEnded) / 1e9, Math.max(0, caughtUp[1] - loadEnded) / 1e9,
                alertLatencies, painfulAcceptedAt.size() - alertLatencies.length);
    }

    /**
     * A load's seconds as they went, printed to the log as the load runs (not to the table): the sessions answered, the
     * lag, and who had the cores (each service, PostgreSQL, this JVM, the machine). What a phase's totals average away,
     * a stall, a burst of compiling, a second where PostgreSQL had the cores, shows here.
     */
    private final class Timeline {
        private final long start;
        private long at;
        private long sessions;
        private Map<String, Long> cpu = cpuTicks();
        private long postgres = postgresTicks();
        private long benchmark = cpuTicks(ProcessHandle.current().pid());
        private long[] machine = machineTicks();

        Timeline(long start, long sessions) {
            this.start = start;
            this.at = start;
            this.sessions = sessions;
            log("  second | sessions | lag committed, processed | CPU ms: plan, logging, assessment, PostgreSQL, benchmark | busy");
        }

        void second(long[] lag, long sessionsNow) {
            long now = System.nanoTime();
            Map<String, Long> cpuNow = cpuTicks();
            long postgresNow = postgresTicks();
            long benchmarkNow = cpuTicks(ProcessHandle.current().pid());
            long[] machineNow = machineTicks();
            double seconds = Math.max(1e-3, (now - at) / 1e9);
            StringBuilder perService = new StringBuilder();
            for (String name : List.of("plan-service", "logging-service", "assessment-service")) {
                Long before = cpu.get(name);
                Long after = cpuNow.get(name);
                perService.append(before == null || after == null ? "-" : String.format("%.0f", ms(after - before) / seconds))
                        .append(", ");
            }
            long all = Math.max(1, machineNow[2] - machine[2]);
            log("  %6.0f | %8d | %9d, %9d | %s%.0f, %.0f | %3.0f%%", (now - start) / 1e9, sessionsNow - sessions, lag[1],
                    lag[2], perService, ms(postgresNow - postgres) / seconds, ms(benchmarkNow - benchmark) / seconds,
                    100.0 * (machineNow[0] - machine[0]) / all);
            at = now;
            sessions = sessionsNow;
            cpu = cpuNow;
            postgres = postgresNow;
            benchmark = benchmarkNow;
            machine = machineNow;
        }

        private double ms(long ticks) {
            return ticks * 1000.0 / clockTicks;
        }
    }

    /** Rows and figures (names prefixed with {@code prefix}) for what {@link #observe} saw. */
    private void report(Observed o, String prefix, String phase) {
        StringBuilder cpu = new StringBuilder();
        o.cpuMsPerSession().forEach((name, perSession) -> {
            figures.put(prefix + "cpu.ms.per.session." + name, perSession);
            cpu.append(String.format("%s%s %.2f", cpu.length() == 0 ? "" : ", ", name, perSession));
        });
        row("  CPU ms per session (" + phase + " and catch-up)", cpu + "  (assessment handled " + o.handled() + " events)");
        row("  assessment lag during " + phase + ", max (1/s samples)",
                String.format("%d events by committed offsets, %d not yet processed or judged", o.maxCommittedLag(), o.maxProcessedLag()));
        row("  assessment catch-up after " + phase, String.format("%.1f s to processed and judged, %.1f s to committed offsets",
                o.catchUpProcessed(), o.catchUpCommitted()));
        figures.put(prefix + "lag.max.committed", (double) o.maxCommittedLag());
        figures.put(prefix + "lag.max.processed", (double) o.maxProcessedLag());
        figures.put(prefix + "catchup.processed.s", o.catchUpProcessed());
        figures.put(prefix + "catchup.committed.s", o.catchUpCommitted());
        long[] alerts = o.alertLatencies();
        row("  session (201) -> " + PAIN_RULE + " alert, " + phase, alerts.length == 0 ? "none seen"
                : String.format("p50 %.0f ms, p99 %.0f ms (%d painful sessions%s)", ms(alerts, 50), ms(alerts, 99),
                alerts.length, o.missingAlerts() == 0 ? "" : ", " + o.missingAlerts() + " without alert"));
        figures.put(prefix + "alert.p50.ms", alerts.length == 0 ? 0 : ms(alerts, 50));
        figures.put(prefix + "alert.p99.ms", alerts.length == 0 ? 0 : ms(alerts, 99));
    }

    /**
     * The same load with assessment-service stopped: what logging-service takes in when the loop's consumer does not
     * compete for the cores (the JDBC baseline has the machine to itself too). CPU is counted over the load alone.
     */
    private void measureIngestAlone() throws Exception {
        log("Ingest alone: %s with %d clients, assessment-service stopped", options.load(), options.clients());
        services.remove("assessment-service").close();
        Map<String, Long> cpuBefore = cpuTicks();
        Map<String, Long> jitBefore = compilerTicks();
        Cores cores = Cores.now(this);
        LoadResult result = load(options.load(), false);
        Cores spent = Cores.now(this).since(cores);
        Map<String, Long> cpuAfter = cpuTicks();
        Map<String, Long> jitAfter = compilerTicks();
        double rate = result.ok() / result.seconds();
        double loggingCpu = (cpuAfter.get("logging-service") - cpuBefore.get("logging-service")) * 1000.0 / clockTicks
                / Math.max(1, result.ok());
        double loggingJit = (jitAfter.get("logging-service") - jitBefore.get("logging-service")) * 1000.0 / clockTicks
                / Math.max(1, result.ok());
        row("POST /sessions, assessment-service stopped", String.format(
                "%.0f sessions/s, p50 %.1f ms, p99 %.1f ms; logging-service %.2f CPU ms per session, %.2f of it JIT compiling"
                        + " (%d failed)", rate, ms(result.latencies(), 50), ms(result.latencies(), 99), loggingCpu, loggingJit,
                result.failed()));
        row("  where the cores went, ingest alone", spent.describe(clockTicks, result.ok()));
        spent.record(figures, "ingest.alone.", clockTicks, result.ok());
        figures.put("ingest.alone.sessions.per.second", rate);
        figures.put("ingest.alone.latency.p50.ms", ms(result.latencies(), 50));
        figures.put("ingest.alone.latency.p99.ms", ms(result.latencies(), 99));
        figures.put("ingest.alone.cpu.ms.per.session.logging-service", loggingCpu);
        figures.put("ingest.alone.jit.ms.per.session.logging-service", loggingJit);
    }

    /** The committed-offset and processed lag of assessment-service reach 0; when each did (nanoTime). */
    private long[] awaitCaughtUp(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long committedAt = 0;
        long processedAt = 0;
        while (System.nanoTime() < deadline) {
            long end = endOffsets(WORKOUT_EVENTS);
            long now = System.nanoTime();
            if (processedAt == 0 && judgedBy("assessment-service", "assessment").orElse(-1) >= end) {
                processedAt = now;
            }
            if (committedAt == 0 && committed(ASSESSMENT_GROUP, WORKOUT_EVENTS) >= end) {
                committedAt = now;
            }
            if (processedAt != 0 && committedAt != 0) {
                return new long[] {committedAt, processedAt};
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("assessment-service did not catch up within " + timeout);
    }

    // ------------------------------------------------------------------------------------------------ history

    /**
     * The same painful session judged against a long history and a short one, each at a real patient's pace (three
     * sessions a week): 1,000 sessions are six years of training. They are written onto the topics, as the services
     * would have published them over the years (plan-service takes a programme at most 90 days back, logging-service a
     * session too); the probe then goes through logging-service like any other session.
     */
    private void measureHistory() throws Exception {
        log("History: seeding %d and %d sessions, 3 a week...", options.historyLarge(), options.historySmall());
        Patient large = patientWithHistory(options.historyLarge());
        Patient small = patientWithHistory(options.historySmall());
        awaitProgrammesKnown(List.of(large, small));
        awaitCaughtUp(Duration.ofMinutes(5));
        List<Long> largeTimes = new ArrayList<>();
        List<Long> smallTimes = new ArrayList<>();
        int largeBefore = alertsOf(large).size();
        int smallBefore = alertsOf(small).size();
        for (int i = 0; i < options.historyProbes(); i++) {
            smallTimes.add(probe(small));
            largeTimes.add(probe(large));
        }
        double l = median(largeTimes) / 1e6;
        double s = median(smallTimes) / 1e6;
        row("session -> alert, idle, history " + options.historyLarge() + " vs " + options.historySmall() + " sessions",
                String.format("%.0f ms vs %.0f ms (median of %d), ratio %.2f", l, s, options.historyProbes(), l / s));
        // the probes of the two patients compare only if they made the same alerts change
        row("  alert events of the probes (by rule)", String.format("history %d: %s; history %d: %s",
                options.historyLarge(), byRule(alertsOf(large), largeBefore), options.historySmall(),
                byRule(alertsOf(small), smallBefore)));
        figures.put("history.large.ms", l);
        figures.put("history.small.ms", s);
        figures.put("history.ratio", l / s);
    }

    private List<String> alertsOf(Patient p) {
        return alertRules.getOrDefault(p.id().toString(), List.of());
    }

    private static String byRule(List<String> rules, int from) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        synchronized (rules) {
            for (String rule : rules.subList(Math.min(from, rules.size()), rules.size())) {
                counts.merge(rule, 1, Integer::sum);
            }
        }
        return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * A programme that started long enough ago for {@code sessions} painless sessions up to yesterday, 3 a week, and
     * spread over at least {@link #HISTORY_SPAN} when they are too few to fill it at that pace. Then a short history
     * is as old as the look-backs of the rules that need 28 days (STL-PAIN, OVL-LOAD-SPIKE) and its probes change the
     * same alerts as a long history's: the two probes differ in the history's length alone.
     */
    private Patient patientWithHistory(int sessions) throws Exception {
        Originals o = originals();
        Duration pace = historyPace(sessions);
        LocalDate start = LocalDate.now(ZoneOffset.UTC).minusDays(pace.multipliedBy(Math.max(0, sessions - 1)).toDays() + 2);
        Patient patient = new Patient(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID().toString(), null);
        String planValue = o.plan().value().replace(o.planOf().id().toString(), patient.id().toString())
                .replace(o.planOf().programId(), patient.programId()).replace(o.planOf().clinician().toString(), patient.clinician().toString())
                .replaceAll("\"(startDate|startedOn)\"\\s*:\\s*\"[^\"]*\"", "\"$1\":\"" + start + "\"");
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(TestEvents.cloudEvent(PLAN_EVENTS, patient.id().toString(), header(o.plan(), "ce_type"),
                    UUID.randomUUID().toString(), planValue)).get();
            Instant first = start.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(18));
            for (int i = 0; i < sessions; i++) {
                String value = PERFORMED_AT.matcher(o.session().value().replace(o.sessionId(), UUID.randomUUID().toString())
                                .replace(o.sessionOf().id().toString(), patient.id().toString()).replace(o.sessionOf().programId(), patient.programId()))
                        .replaceFirst("\"performedAt\":\"" + first.plus(pace.multipliedBy(i)) + "\"");
                producer.send(TestEvents.cloudEvent(WORKOUT_EVENTS, patient.id().toString(), header(o.session(), "ce_type"),
                        UUID.randomUUID().toString(), value));
            }
            producer.flush();
        }
        return new Patient(patient.id(), patient.clinician(), patient.programId(), tokens.mint("patient", patient.id()));
    }

    /** Three sessions a week, or slower when that leaves the history shorter than {@link #HISTORY_SPAN}. */
    static Duration historyPace(int sessions) {
        Duration threeAWeek = Duration.ofHours(56);
        Duration spread = sessions < 2 ? threeAWeek : HISTORY_SPAN.dividedBy(sessions - 1);
        return spread.compareTo(threeAWeek) > 0 ? spread : threeAWeek;
    }

    private long probe(Patient p) throws Exception {
        UUID id = UUID.randomUUID();
        String body = sessionBody(id, p.programId(), Instant.now().minusSeconds(1), true);
        int status = post(p, body).statusCode();
        long accepted = System.nanoTime();
        if (status != 201) {
            throw new IllegalStateException("a probe session was answered " + status);
        }
        long deadline = accepted + TimeUnit.SECONDS.toNanos(30);
        while (!alertSeenAt.containsKey(id.toString())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + PAIN_RULE + " alert for a probe session within 30 s");
            }
            Thread.sleep(2);
        }
        Thread.sleep(300);
        return Math.max(0, alertSeenAt.get(id.toString()) - accepted);
    }

    // ------------------------------------------------------------------------------------------------ baseline

    /**
     * What logging-service does per session, written by hand over JDBC with the same concurrency: in one transaction
     * read the programme, check it, insert the session and its outbox row; then the audit record; then mark the
     * outbox row sent. In a copy of logging's schema (its own migrations), so logging-service's relay never sees
     * these rows.
     */
    private void measureBaseline() throws Exception {
        log("JDBC baseline: %s with %d connections", options.load(), options.clients());
        createDatabase("logging_baseline");
        try (Connection c = connect("logging_baseline"); Statement st = c.createStatement()) {
            for (Path migration : migrations()) {
                st.execute(Files.readString(migration));
            }
        }
        try (Connection c = connect("logging_baseline");
                PreparedStatement insert = c.prepareStatement("INSERT INTO patient_program (program_id, patient_id, clinician_id, latest_version, updated_at) VALUES (?::uuid, ?, ?, 1, now())")) {
            for (Patient p : patients) {
                insert.setString(1, p.programId());
                insert.setObject(2, p.id());
                insert.setObject(3, p.clinician());
                insert.executeUpdate();
            }
        }
        int clients = options.clients();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Cores cores = Cores.now(this);
        long start = System.nanoTime();
        long end = start + options.load().toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            int client = k;
            results.add(pool.submit(() -> baselineClient(client, clients, end)));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            all.add(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Cores spent = Cores.now(this).since(cores);
        pool.shutdown();
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double tps = latencies.length / seconds;
        double ratio = figures.getOrDefault("sessions.per.second", 0.0) / tps;
        double aloneRatio = figures.getOrDefault("ingest.alone.sessions.per.second", 0.0) / tps;
        row("JDBC baseline, same rows, " + clients + " connections",
                String.format("%.0f sessions/s, p50 %.1f ms, p99 %.1f ms; service/baseline %.2f with the whole loop"
                        + " running, %.2f with assessment-service stopped", tps, ms(latencies, 50), ms(latencies, 99),
                        ratio, aloneRatio));
        row("  where the cores went, baseline", spent.describe(clockTicks, latencies.length));
        spent.record(figures, "baseline.", clockTicks, latencies.length);
        figures.put("baseline.tps", tps);
        figures.put("service.baseline.ratio", ratio);
        figures.put("ingest.alone.baseline.ratio", aloneRatio);
    }

    private long[] baselineClient(int client, int clients, long end) throws Exception {
        long[] latencies = new long[1024];
        int n = 0;
        try (Connection c = connect("logging_baseline");
                PreparedStatement program = c.prepareStatement("SELECT patient_id, latest_version FROM patient_program WHERE program_id = ?");
                PreparedStatement session = c.prepareStatement("INSERT INTO workout_session (id, patient_id, program_id, program_version, performed_at, duration_minutes, session_rpe, pain_before, notes, exercises, body_hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)");
                PreparedStatement outbox = c.prepareStatement("INSERT INTO outbox_event (event_id, topic, message_key, shard, type, payload, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
                PreparedStatement audit = c.prepareStatement("INSERT INTO audit_record (at, subject, role, action, resource_id, patient_id, outcome, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                // as the relay does once the broker has the event: out of the outbox, into the sent ones
                PreparedStatement sent = c.prepareStatement("WITH sent AS (DELETE FROM outbox_event WHERE shard = ? AND id = ? "
                        + "RETURNING id, event_id, topic, message_key, type, payload, occurred_at) INSERT INTO outbox_sent "
                        + "(id, event_id, topic, message_key, type, payload, occurred_at, sent_at) "
                        + "SELECT id, event_id, topic, message_key, type, payload, occurred_at, ? FROM sent")) {
            try (Statement st = c.createStatement()) {
                // as the relay's rounds do (OutboxRelay.BY_INDEX): the outbox by its key, whatever its statistics say
                st.execute("SET enable_seqscan = off");
                st.execute("SET enable_bitmapscan = off");
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            int i = 0;
            while (System.nanoTime() < end) {
                Patient p = patients.get((client + clients * i) % patients.size());
                boolean painful = (i + client) % options.painfulEvery() == 0;
                i++;
                UUID id = UUID.randomUUID();
                Instant performedAt = Instant.now().minusSeconds(60);
                long t0 = System.nanoTime();
                String body = sessionBody(id, p.programId(), performedAt, painful);
                String exercises = body.substring(body.indexOf("\"exercises\":") + 12, body.length() - 1);
                Timestamp now = Timestamp.from(Instant.now());
                UUID programId = UUID.fromString(p.programId());
                c.setAutoCommit(false);
                program.setObject(1, programId);
                try (ResultSet rs = program.executeQuery()) {
                    if (!rs.next() || !rs.getObject(1).equals(p.id())) {
                        throw new IllegalStateException("programme not found");
                    }
                }
                session.setObject(1, id);
                session.setObject(2, p.id());
                session.setObject(3, programId);
                session.setInt(4, 1);
                session.setTimestamp(5, Timestamp.from(performedAt));
                session.setInt(6, 35);
                session.setInt(7, 5);
                session.setInt(8, 1);
                session.setString(9, "bench");
                session.setString(10, exercises);
                session.setString(11, HexFormat.of().formatHex(sha.digest(body.getBytes(StandardCharsets.UTF_8))));
                session.setTimestamp(12, now);
                session.executeUpdate();
                String payload = "{\"sessionId\":\"" + id + "\",\"patientId\":\"" + p.id() + "\",\"programId\":\""
                        + programId + "\",\"programVersion\":1,\"performedAt\":\"" + performedAt
                        + "\",\"durationMinutes\":35,\"sessionRpe\":5,\"painBefore\":1,\"exercises\":" + exercises
                        + ",\"occurredAt\":\"" + now.toInstant() + "\"}";
                outbox.setObject(1, UUID.randomUUID());
                outbox.setString(2, WORKOUT_EVENTS);
                outbox.setString(3, p.id().toString());
                short shard = (short) Math.floorMod(p.id().hashCode(), 4);
                outbox.setShort(4, shard);
                outbox.setString(5, "rehabloop.workout.logged.v1");
                outbox.setString(6, payload);
                outbox.setTimestamp(7, now);
                long outboxId;
                try (ResultSet rs = outbox.executeQuery()) {
                    rs.next();
                    outboxId = rs.getLong(1);
                }
                c.commit();
                c.setAutoCommit(true);
                audit.setTimestamp(1, Timestamp.from(Instant.now()));
                audit.setString(2, p.id().toString());
                audit.setString(3, "patient");
                audit.setString(4, "POST /v1/patients/{patientId}/sessions");
                audit.setString(5, id.toString());
                audit.setObject(6, p.id());
                audit.setString(7, "ALLOWED");
                audit.setInt(8, 201);
                audit.executeUpdate();
                sent.setShort(1, shard);
                sent.setLong(2, outboxId);
                sent.setTimestamp(3, Timestamp.from(Instant.now()));
                sent.executeUpdate();
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = System.nanoTime() - t0;
            }
        }
        return Arrays.copyOf(latencies, n);
    }

    /** The kit's migrations (V0_x) and logging-service's own, in Flyway's version order. */
    private List<Path> migrations() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("service-kit/src/main/resources/db/kit", "logging-service/src/main/resources/db/migration")) {
            try (Stream<Path> list = Files.list(options.root().resolve(dir))) {
                list.filter(f -> f.getFileName().toString().matches("V[0-9_.]+__.*\\.sql")).forEach(files::add);
            }
        }
        files.sort(Comparator.comparing(f -> version(f.getFileName().toString()), Bench::compareVersions));
        return files;
    }

    private static int[] version(String file) {
        return Arrays.stream(file.substring(1, file.indexOf("__")).split("[_.]")).mapToInt(Integer::parseInt).toArray();
    }

    private static int compareVersions(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int c = Integer.compare(i < a.length ? a[i] : 0, i < b.length ? b[i] : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------------ replay

    /**
     * A fresh assessment-service (empty database, new consumer groups) reads workout.events from offset 0. When the
     * run left fewer events than asked for, more are written first: further patients' programmes (plan.issued) and
     * about 25 sessions each, copied from records the services published, with new ids.
     */
    private void measureReplay() throws Exception {
        long existing = endOffsets(WORKOUT_EVENTS);
        if (existing < options.replayEvents()) {
            topUp(options.replayEvents() - existing);
        }
        long total = endOffsets(WORKOUT_EVENTS);
        log("Replay: a fresh assessment-service reads %d events from offset 0...", total);
        createDatabase("assessment_replay");
        // new groups each time: a kept run's replay (--replay-of) committed offsets under the previous ones
        String replayGroup = "bench-replay-" + System.currentTimeMillis();
        Service assessment = Service.ALL.stream().filter(s -> s.name().equals("assessment-service")).findFirst().orElseThrow();
        Map<String, String> env = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl("assessment_replay"),
                "MP_MESSAGING_INCOMING_WORKOUT_EVENTS_GROUP_ID", replayGroup + ".workout-events",
                "MP_MESSAGING_INCOMING_PLAN_EVENTS_GROUP_ID", replayGroup + ".plan-events",
                "MP_MESSAGING_INCOMING_WEBHOOK_ALERTS_GROUP_ID", replayGroup + ".webhooks");
        statementsFrom();
        long t0 = System.nanoTime();
        Cores cores = Cores.now(this);
        ServiceProcess replay = ServiceProcess.start(assessment, FreePorts.next(), options.root(), infra, keys,
                work.resolve("logs/replay"), env);
        services.put("assessment-service (replay)", replay);
        CompletableFuture<Long> ready = CompletableFuture.supplyAsync(() -> {
            replay.awaitReady(Duration.ofMinutes(3));
            return System.nanoTime();
        });
        long firstAt = 0;
        long firstCount = 0;
        long storedAt = 0;
        long waited = 0;
        long doneAt = 0;
        // however long it takes, as long as it progresses: a stall of 2 minutes ends it
        long lastCount = -1;
        long lastWaiting = -1;
        long deadline = t0 + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!replay.isAlive()) {
                throw new IllegalStateException("the replaying assessment-service exited; see " + work.resolve("logs/replay"));
            }
            long count = recordsDone("assessment-service (replay)").orElse(0); // none while it starts
            long now = System.nanoTime();
            if (firstAt == 0 && count > 0) {
                firstAt = now;
                firstCount = count;
            }
            // an event is done when the rules have judged it: a session stored before its programme's plan.issued was
            // read (plan.events has a consumer of its own) is judged when that comes, one stored in a backlog by the
            // service's backlog judge
            long asked = System.nanoTime();
            long waiting = count >= total ? unjudged("assessment_replay") : -1;
            long countTook = System.nanoTime() - asked;
            if (count >= total && storedAt == 0) {
                storedAt = now;
                waited = waiting;
            }
            if (waiting == 0) {
                doneAt = now;
                break;
            }
            if (count != lastCount || waiting != lastWaiting) {
                lastCount = count;
                lastWaiting = waiting;
                deadline = now + TimeUnit.MINUTES.toNanos(2);
            }
            // the metrics once a second while it stores: read ten times a second they took 9% of the replaying service's
            // CPU (JFR samples of its Prometheus endpoint); then the waiting sessions' count more often, but never so
            // often that counting takes more than a sixth of a core: its partial index keeps the entries of judged
            // sessions until a vacuum, and counted every 100 ms it took 12.7 s of PostgreSQL's time in a replay's last
            // 21 s (pg_stat_statements, 165 ms a count), time taken from the judging it waits for
            Thread.sleep(count >= total ? Math.max(100, TimeUnit.NANOSECONDS.toMillis(5 * countTook)) : 1000);
        }
        if (doneAt == 0) {
            throw new IllegalStateException("the replay did not finish in time: " + processed("assessment_replay") + " of " + total
                    + " events stored, " + unjudged("assessment_replay") + " sessions not yet judged");
        }
        long committedZero = 0;
        long commitDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < commitDeadline) {
            if (committed(replayGroup + ".workout-events", WORKOUT_EVENTS) >= total) {
                committedZero = System.nanoTime();
                break;
            }
            Thread.sleep(100);
        }
        long readyAt = ready.join();
        double seconds = Math.max(1e-3, (doneAt - firstAt) / 1e9);
        // from the first look at the metrics, once a second, unless that look found most of the events stored already
        // (a small replay, as the smoke's 3,000 events, is stored within a second of the service's start): then from the
        // service's readiness, or the rate would count only the few stored after that look (0 when it saw them all)
        double rate = firstAt == doneAt || firstCount * 2 > total ? total / Math.max(1e-3, (doneAt - readyAt) / 1e9)
                : (total - firstCount) / seconds;
        double all = (doneAt - t0) / 1e9;
        double cpuPerEvent = cpuTicks(replay.pid()) * 1000.0 / clockTicks / total;
        double replayRss = rssKb(replay.pid()) / 1024.0;
        row("replay from offset 0, fresh assessment-service",
                String.format("%.0f events/s (%d events judged in %.1f s after the first was stored; all stored at %.1f s, "
                                + "%d of them then not yet judged; %.1f s from launch, ready in %.1f s%s; "
                                + "%.2f CPU ms/event incl. start, RSS %.0f MB)",
                        rate, total, seconds, (storedAt - firstAt) / 1e9, waited, all, (readyAt - t0) / 1e9,
                        committedZero == 0 ? ", offsets not committed within 30 s" : String.format(", lag 0 by offsets at %.1f s", (committedZero - t0) / 1e9), cpuPerEvent, replayRss));
        Cores spent = Cores.now(this).since(cores);
        row("  where the cores went, replay", String.format("CPU ms per event: assessment-service %.2f, PostgreSQL %.2f, "
                + "benchmark JVM (Kafka broker) %.2f; the cores %.0f%% busy (%.0f%% stolen)", cpuPerEvent,
                spent.postgres() * 1000.0 / clockTicks / total, spent.benchmark() * 1000.0 / clockTicks / total,
                100.0 * spent.busy() / Math.max(1, spent.all()), 100.0 * spent.steal() / Math.max(1, spent.all())));
        spent.record(figures, "replay.", clockTicks, total);
        figures.put("replay.events", (double) total);
        figures.put("replay.events.per.second", rate);
        replay.close();
        statementsOf("the replay");
    }

    /** Records the services published, to copy with new ids: a programme issued and a painless session. */
    private record Originals(ConsumerRecord<String, String> plan, Patient planOf, ConsumerRecord<String, String> session,
            Patient sessionOf, String sessionId) {
    }

    private Originals originals() {
        Map<String, Patient> byPatient = new LinkedHashMap<>();
        everyone.forEach(p -> byPatient.put(p.id().toString(), p));
        ConsumerRecord<String, String> plan = firstRecord(PLAN_EVENTS, "rehabloop.plan.issued.v1", byPatient.keySet());
        // a painless one: most sessions in a replay raise nothing
        ConsumerRecord<String, String> session = firstRecord(WORKOUT_EVENTS, "rehabloop.workout.logged.v1", byPatient.keySet());
        Matcher sessionId = SESSION_ID.matcher(session.value());
        if (!sessionId.find()) {
            throw new IllegalStateException("no sessionId in " + session.value());
        }
        return new Originals(plan, byPatient.get(plan.key()), session, byPatient.get(session.key()), sessionId.group(1));
    }

    private void topUp(long missing) throws Exception {
        Originals o = originals();
        int perPatient = 25;
        long newPatients = (missing + perPatient - 1) / perPatient;
        log("Writing %d programmes and %d sessions to top the topic up...", newPatients, missing);
        Instant start = Instant.now().minus(Duration.ofDays(55));
        try (KafkaProducer<String, String> producer = producer()) {
            List<String[]> made = new ArrayList<>(); // patient, programme
            for (long i = 0; i < newPatients; i++) {
                String patient = UUID.randomUUID().toString();
                String programme = UUID.randomUUID().toString();
                String value = o.plan().value().replace(o.planOf().id().toString(), patient)
                        .replace(o.planOf().programId(), programme).replace(o.planOf().clinician().toString(), UUID.randomUUID().toString());
                producer.send(TestEvents.cloudEvent(PLAN_EVENTS, patient, header(o.plan(), "ce_type"), UUID.randomUUID().toString(), value));
                made.add(new String[] {patient, programme});
            }
            producer.flush();
            long written = 0;
            for (int j = 0; j < perPatient && written < missing; j++) {
                for (String[] pp : made) {
                    if (written++ >= missing) {
                        break;
                    }
                    Instant at = start.plus(Duration.ofDays(2L * j));
                    String value = PERFORMED_AT.matcher(o.session().value().replace(o.sessionId(), UUID.randomUUID().toString())
                                    .replace(o.sessionOf().id().toString(), pp[0]).replace(o.sessionOf().programId(), pp[1]))
                            .replaceFirst("\"performedAt\":\"" + at + "\"");
                    producer.send(TestEvents.cloudEvent(WORKOUT_EVENTS, pp[0], header(o.session(), "ce_type"), UUID.randomUUID().toString(), value));
                }
            }
            producer.flush();
        }
    }

    /** Writes records as the services' relays do (acks from every replica), in large batches. */
    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new StringSerializer());
    }

    private ConsumerRecord<String, String> firstRecord(String topic, String type, java.util.Set<String> keys) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = partitions(topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (type.equals(header(r, "ce_type")) && keys.contains(r.key()) && !r.value().matches(".*\"painDuring\"\\s*:\\s*[2-9].*")) {
                        return r;
                    }
                }
            }
        }
        throw new IllegalStateException("no " + type + " record on " + topic);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ alerts

    /** Reads assessment.alerts from its end: the first moment each session appears in an OVL-PAIN-DURING alert. */
    private Thread startAlertTap(AtomicBoolean tapping) throws InterruptedException {
        java.util.concurrent.CountDownLatch positioned = new java.util.concurrent.CountDownLatch(1);
        Thread tap = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> partitions = partitions(ALERTS);
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                positioned.countDown();
                while (tapping.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(5))) {
                        long now = System.nanoTime();
                        long nowMs = System.currentTimeMillis();
                        Matcher rule = r.value() == null || r.key() == null ? null : RULE_CODE.matcher(r.value());
                        if (rule != null && rule.find()) {
                            alertRules.computeIfAbsent(r.key(), k -> Collections.synchronizedList(new ArrayList<>()))
                                    .add(rule.group(1));
                        }
                        if (r.value() == null || !r.value().contains(PAIN_RULE)) {
                            continue;
                        }
                        Matcher m = SESSION_ID.matcher(r.value());
                        long judged = -1;
                        while (m.find()) {
                            alertSeenAt.putIfAbsent(m.group(1), now);
                            if (alertPath.tracks(m.group(1))) {
                                judged = judged == -1 ? updatedAt(r.value()) : judged;
                                alertPath.alerted(m.group(1), judged, r.timestamp(), nowMs);
                            }
                        }
                    }
                }
            }
        }, "bench-alerts");
        tap.setDaemon(true);
        tap.start();
        positioned.await(30, TimeUnit.SECONDS);
        return tap;
    }

    private static final Pattern UPDATED_AT = Pattern.compile("\"updatedAt\"\\s*:\\s*\"([^\"]+)\"");

    /** An alert event's {@code updatedAt} (when assessment-service judged the change), 0 when it has none. */
    private static long updatedAt(String alert) {
        Matcher m = UPDATED_AT.matcher(alert);
        try {
            return m.find() ? Instant.parse(m.group(1)).toEpochMilli() : 0;
        } catch (java.time.DateTimeException e) {
            return 0;
        }
    }

    /**
     * When logging-service's relay published each tracked session (its record's timestamp on workout.events), read
     * after the load from a second before its first 201 to the topic's end, so that reading takes nothing from it.
     */
    private void sessionsPublished(AlertPath path) {
        long from = path.firstAccepted();
        if (from == 0) {
            return;
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = partitions(WORKOUT_EVENTS);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(p -> at.put(p, from - 1000));
            consumer.offsetsForTimes(at).forEach((p, found) -> {
                if (found == null) {
                    consumer.seek(p, end.get(p));
                } else {
                    consumer.seek(p, found.offset());
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    Matcher id = r.value() == null ? null : SESSION_ID.matcher(r.value());
                    if (id != null && id.find() && path.tracks(id.group(1))) {
                        path.published(id.group(1), r.timestamp());
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ probes

    private List<TopicPartition> partitions(String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int i = 0; i < KafkaTopics.PARTITIONS; i++) {
            partitions.add(new TopicPartition(topic, i));
        }
        return partitions;
    }

    private long endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        partitions(topic).forEach(tp -> request.put(tp, OffsetSpec.latest()));
        return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(i -> i.offset()).sum();
    }

    private long committed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /**
     * The workout records an assessment-service's consumer lanes have done with (applied and committed, or refused),
     * from its metrics ({@code rehabloop_consumer_records_total}): what the lag is counted with while a load runs and
     * while waiting for the catch-up. Counting the inbox table instead (a parallel scan of hundreds of thousands of rows,
     * 60-100 ms of three PostgreSQL processes each time) took a tenth of a core once a second under load, and several
     * tenths at ten times a second while waiting: from what was measured. Empty when the metrics could not be read (the
     * service starting or stopping, a read timed out).
     */
    private OptionalLong recordsDone(String service) {
        try {
            HttpResponse<java.util.stream.Stream<String>> metrics = http.send(HttpRequest.newBuilder(
                    URI.create(url(service) + "/q/metrics")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            try (java.util.stream.Stream<String> lines = metrics.body()) {
                return OptionalLong.of(lines.filter(line -> line.startsWith("rehabloop_consumer_records_total{")
                                && line.contains("consumer=\"" + WORKOUT_EVENTS + "\""))
                        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .sum());
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** Workout events the service's lanes have done with and the rules have judged (see {@link #recordsDone}). */
    private OptionalLong judgedBy(String service, String database) {
        OptionalLong done = recordsDone(service);
        return done.isPresent() ? OptionalLong.of(done.getAsLong() - unjudged(database)) : done;
    }

    /**
     * The workout events the assessment database has processed, counted ten times a second while waiting: on one kept
     * connection, as a new connection each time (a PostgreSQL backend started per count) took CPU from what is measured.
     */
    private long processed(String database) {
        return count(database, "SELECT count(*) FROM processed_event WHERE topic = '" + WORKOUT_EVENTS + "'");
    }

    /** {@code query}'s count on the database's kept connection; 0 before its tables exist. */
    private long count(String database, String query) {
        try {
            Connection c = counting.get(database);
            if (c == null || c.isClosed()) {
                c = connect(database);
                counting.put(database, c);
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException notYet) {
            Connection broken = counting.remove(database);
            if (broken != null) {
                try {
                    broken.close();
                } catch (SQLException ignored) {
                    // already unusable
                }
            }
            return 0;
        }
    }

    /**
     * Sessions stored but not judged yet: their programme's plan.issued has not been read, or the backlog judge has not
     * come to them. (The benchmark logs no check-ins; one dated outside every programme of its patient would wait for
     * ever.)
     */
    private long unjudged(String database) {
        return count(database, "SELECT count(*) FROM session_record WHERE NOT assessed");
    }

    private Map<String, Long> cpuTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        services.forEach((name, p) -> ticks.put(name, cpuTicks(p.pid())));
        return ticks;
    }

    /**
     * Where the machine's CPU went, in clock ticks: logging-service, PostgreSQL (its postmaster and every backend, with
     * the backends that ended), this JVM (the load generator, the JDBC baseline's clients and the Kafka broker), and the
     * machine as a whole from /proc/stat: busy (everything but idle and I/O wait), of it stolen by the hypervisor, and
     * all. Shows whether a phase was bound by the cores and who had them.
     */
    record Cores(long logging, long postgres, long benchmark, long busy, long steal, long all) {
        static Cores now(Bench bench) {
            ServiceProcess logging = bench.services.get("logging-service");
            long[] machine = machineTicks();
            return new Cores(logging == null ? 0 : cpuTicks(logging.pid()), bench.postgresTicks(),
                    cpuTicks(ProcessHandle.current().pid()), machine[0], machine[1], machine[2]);
        }

        Cores since(Cores before) {
            return new Cores(logging - before.logging, postgres - before.postgres, benchmark - before.benchmark,
                    busy - before.busy, steal - before.steal, all - before.all);
        }

        String describe(long clockTicks, long sessions) {
            double n = Math.max(1, sessions);
            return String.format("CPU ms per session: logging-service %.2f, PostgreSQL %.2f, benchmark JVM (load, Kafka "
                    + "broker) %.2f; the cores %.0f%% busy (%.0f%% stolen)", logging * 1000.0 / clockTicks / n,
                    postgres * 1000.0 / clockTicks / n, benchmark * 1000.0 / clockTicks / n,
                    100.0 * busy / Math.max(1, all), 100.0 * steal / Math.max(1, all));
        }

        void record(Map<String, Double> figures, String prefix, long clockTicks, long sessions) {
            double n = Math.max(1, sessions);
            figures.put(prefix + "cpu.ms.per.session.postgres", postgres * 1000.0 / clockTicks / n);
            figures.put(prefix + "cpu.ms.per.session.benchmark", benchmark * 1000.0 / clockTicks / n);
            figures.put(prefix + "cores.busy.percent", 100.0 * busy / Math.max(1, all));
        }
    }

    /** PostgreSQL's CPU ticks: the postmaster's own and its ended children's, and each running backend's. */
    private long postgresTicks() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(work.resolve("data").resolve("postgres")
                    .resolve("postmaster.pid")).get(0).trim());
            long ticks = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path proc : processes.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    String[] fields = statFields(proc.resolve("stat"));
                    if (fields == null) {
                        continue; // ended meanwhile
                    }
                    long pid = Long.parseLong(proc.getFileName().toString());
                    if (pid == postmaster) {
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                                + Long.parseLong(fields[14]);
                    } else if (Long.parseLong(fields[1]) == postmaster) {
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                }
            }
            return ticks;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL's processes could not be read: the CPU figures need Linux", e);
        }
    }

    /** The fields of /proc/PID/stat after the command name (state first), or null when the process has ended. */
    private static String[] statFields(Path stat) {
        try {
            String line = Files.readString(stat);
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    /** The machine's busy, stolen and total clock ticks since boot, over all cores (the "cpu" line of /proc/stat). */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = Long.parseLong(f[1]), nice = Long.parseLong(f[2]), system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]), ioWait = Long.parseLong(f[5]), irq = Long.parseLong(f[6]);
            long softIrq = Long.parseLong(f[7]), steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softIrq + steal;
            return new long[] {busy, steal, busy + idle + ioWait};
        } catch (IOException e) {
            throw new UncheckedIOException("no /proc/stat: the CPU figures need Linux", e);
        }
    }

    /** utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new UncheckedIOException("no /proc/" + pid + "/stat: the CPU figures need Linux", e);
        }
    }

    /** What each service's JIT compiler threads have spent, in clock ticks. */
    private Map<String, Long> compilerTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        services.forEach((name, p) -> ticks.put(name, compilerTicks(p.pid())));
        return ticks;
    }

    /** The CPU of a JVM's C1 and C2 compiler threads ("C1 CompilerThread0", ...; Linux keeps 15 characters of a name). */
    static long compilerTicks(long pid) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.matches("C\\d CompilerThre.*")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no /proc/" + pid + "/task: the CPU figures need Linux", e);
        }
        return ticks;
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100;
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** With {@code REHABLOOP_PG_STATS} set, PostgreSQL's statement statistics count from here ({@link #statementsOf}). */
    private void statementsFrom() throws SQLException {
        if (statements != null) {
            statements.reset();
        }
    }

    /** With {@code REHABLOOP_PG_STATS} set, the statements that took PostgreSQL's time since {@link #statementsFrom}. */
    private void statementsOf(String phase) throws SQLException {
        if (statements != null) {
            log("PostgreSQL's statements during %s (pg_stat_statements; a statement's time includes its waits):", phase);
            statements.top(15).forEach(line -> log("  %s", line));
        }
    }

    private String url(String service) {
        return services.get(service).url();
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(infra.jdbcUrl(database), infra.username(), infra.password());
    }

    private void createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        }
    }

    /** The {@code percentile}th of sorted nanoseconds, in milliseconds (0 when there are none). */
    private static double ms(long[] sortedNanos, int percentile) {
        return sortedNanos.length == 0 ? 0 : AlertPath.percentile(sortedNanos, percentile) / 1e6;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private void row(String what, String figure) {
        rows.add(new String[] {what, figure});
        log("%s: %s", what, figure);
    }

    /** The figures as one Markdown table. */
    public String table() {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(4);
        StringBuilder t = new StringBuilder(String.format("%nRehabLoop benchmark (%d cores, %s load, %d clients, cohorts of %d patients, %d in all)%n%n",
                Runtime.getRuntime().availableProcessors(), options.load(), options.clients(), options.patients(), everyone.size()));
        t.append(String.format("| %-" + width + "s | figure |%n", "what")).append("|").append("-".repeat(width + 2)).append("|---|\n");
        for (String[] r : rows) {
            t.append(String.format("| %-" + width + "s | %s |%n", r[0], r[1]));
        }
        return t.toString();
    }

    private static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
        System.out.flush();
    }

    private void shutdown() {
        for (Connection c : counting.values()) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the server stops next
            }
        }
        services.values().parallelStream().forEach(ServiceProcess::close);
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (infra != null) {
            infra.close();
        }
        if (work != null && !options.keepData()) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory
            }
        } else if (work != null) {
            log("Data and logs kept in %s", work);
        }
    }
}
