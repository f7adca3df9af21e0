package org.rehabloop.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One RehabLoop service as its own operating-system process, run from its built {@code quarkus-run.jar} and
 * configured only through environment variables, as it would be in production.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * A service of DESIGN.md: its module, its HTTP port, its database (none for the dashboard) and the JVM options it
     * runs with on a machine it shares with the others (heap and collector).
     */
    public record Service(String name, int port, String database, List<String> jvm) {
        /**
         * The services of one machine share its cores with each other, PostgreSQL and Kafka. The JVM's default there is
         * G1, with parallel and concurrent GC threads in each service and write barriers on every reference store; a
         * profile of the benchmark showed logging-service's young pauses at 22 ms on average (434 ms in 31 s) with the
         * cores busy. The serial collector does a pause's work on one thread and nothing between pauses: in the
         * benchmark the three services' CPU per session fell from 1.65-1.93 ms to 1.33-1.43 under the closed-loop load
         * (docs/benchmark-history.md). plan- and logging-service keep little for long: a few tens of megabytes.
         */
        private static final List<String> SMALL = List.of("-Xmx512m", "-XX:+UseSerialGC");

        /**
         * assessment-service keeps tens of thousands of parsed sessions ({@code rehabloop.assessment.parsed-sessions})
         * and promotes a few megabytes a second under load; its pauses are what its alerts wait behind. With the serial
         * collector and {@code -Xmx512m} (benchmark GC logs, README): its heap stayed at the initial 365MB (the collector
         * does not grow it while 40% is free after a full collection), the old generation filled in a minute, and each
         * full collection stopped every lane for 0.2-0.8 s. A pause's wall time was three to eight times its CPU time
         * (young collections of 0.04-0.13 s of CPU took 0.15-0.78 s): one GC thread among a dozen runnable threads on
         * two cores. The parallel collector does the same stop-the-world work on both cores and, like the serial one,
         * nothing between pauses; the fixed heap has room for the cache and a minute's promotions several times over.
         */
        private static final List<String> ASSESSMENT = List.of("-Xms768m", "-Xmx768m", "-Xmn256m", "-XX:+UseParallelGC");

        public static final List<Service> ALL = List.of(
                new Service("plan-service", 8081, "plan", SMALL),
                new Service("logging-service", 8082, "logging", SMALL),
                new Service("assessment-service", 8083, "assessment", ASSESSMENT));
        /** The clinicians' web dashboard: static files that call the three services from the browser; no database. */
        public static final Service DASHBOARD = new Service("dashboard", 8080, null, SMALL);

        public Path jar(Path repositoryRoot) {
            return repositoryRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        }
    }

    private final Service service;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(Service service, int port, Process process, Path log) {
        this.service = service;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code service} on {@code port} against {@code infrastructure}; its output goes to
     * {@code logDirectory/<name>.log}. {@code extraEnvironment} overrides any setting.
     */
    public static ServiceProcess start(Service service, int port, Path repositoryRoot, Infrastructure infrastructure,
            JwtKeys keys, Path logDirectory, Map<String, String> extraEnvironment) {
        Path jar = service.jar(repositoryRoot);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -DskipTests package");
        }
        try {
            Files.createDirectories(logDirectory);
            Path log = logDirectory.resolve(service.name() + ".log");
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(service.jvm());
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = new HashMap<>();
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            if (service.database() != null) {
                env.put("QUARKUS_DATASOURCE_JDBC_URL", infrastructure.jdbcUrl(service.database()));
                env.put("QUARKUS_DATASOURCE_USERNAME", infrastructure.username());
                env.put("QUARKUS_DATASOURCE_PASSWORD", infrastructure.password());
                env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrapServers());
                env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKeyFile().toAbsolutePath().toUri().toString());
                env.put("MP_JWT_VERIFY_ISSUER", Tokens.ISSUER);
            }
            // a service whose starter is gone (killed, crashed) stops by itself instead of holding its port
            env.put("REHABLOOP_EXIT_WITH_PARENT", String.valueOf(ProcessHandle.current().pid()));
            env.putAll(extraEnvironment);
            builder.environment().putAll(env);
            return new ServiceProcess(service, port, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service.name(), e);
        }
    }

    /**
     * Starts the dashboard on {@code port}, pointing the browser at the services of {@code apiUrls} (plan, logging,
     * assessment, in that order); it needs no database, Kafka or key.
     */
    public static ServiceProcess startDashboard(int port, Path repositoryRoot, Path logDirectory, List<String> apiUrls) {
        return start(Service.DASHBOARD, port, repositoryRoot, null, null, logDirectory, Map.of(
                "REHABLOOP_PLAN_URL", apiUrls.get(0),
                "REHABLOOP_LOGGING_URL", apiUrls.get(1),
                "REHABLOOP_ASSESSMENT_URL", apiUrls.get(2)));
    }

    /** What the services' CORS must allow for a dashboard on {@code port} of this machine. */
    public static String dashboardOrigins(int port) {
        return "http://localhost:" + port + ",http://127.0.0.1:" + port;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public Service service() {
        return service;
    }

    /** The file its output goes to. */
    public Path log() {
        return log;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** Waits until {@code /q/health/ready} answers 200: the database and Kafka are reachable. */
    public void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.name() + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(service.name() + " was not ready within " + timeout + "; see " + log);
    }

    /** SIGTERM, then a graceful shutdown of up to 20 s, then SIGKILL. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Stops the service as a supervisor would (SIGTERM, SIGKILL after 20 s) and returns how long it took to exit on
     * its own, or null when it had to be killed.
     */
    public Duration stop() {
        long started = System.nanoTime();
        process.destroy();
        try {
            if (process.waitFor(20, TimeUnit.SECONDS)) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** SIGKILL: a crash, with no chance to finish anything. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
