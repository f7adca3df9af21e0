package org.rehabloop.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rehabloop.infra.EmbeddedInfrastructure;
import org.rehabloop.infra.FreePorts;
import org.rehabloop.infra.JwtKeys;
import org.rehabloop.infra.ServiceProcess;
import org.rehabloop.infra.ServiceProcess.Service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping is part of running: each service exits within 10 s of SIGTERM, even with a dashboard's SSE stream open,
 * and {@code ./rehabloop up} leaves no process behind after Ctrl-C.
 */
class ShutdownTest {
    private static RunningSystem system;

    @BeforeAll
    static void start() {
        system = RunningSystem.get();
    }

    @Test
    void eachServiceStopsWithinTenSecondsOfSigtermWithAStreamOpen() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String name : List.of("plan-service", "logging-service", "assessment-service")) {
            ServiceProcess instance = system.startExtra(name);
            CompletableFuture<?> stream = null;
            if (name.equals("assessment-service")) {
                // a dashboard following alerts: the stream stays open until the server goes
                HttpRequest follow = HttpRequest.newBuilder(URI.create(instance.url() + "/v1/alerts/stream"))
                        .header("Authorization", "Bearer " + system.tokens.mint("clinician", UUID.randomUUID()))
                        .header("Accept", "text/event-stream").build();
                stream = HttpClient.newHttpClient().sendAsync(follow, HttpResponse.BodyHandlers.ofLines());
                Thread.sleep(500);
            }
            Duration took = instance.stop();
            lines.add(String.format("%-19s stopped in %s", name, took == null ? "- (killed after 20 s)" : took.toMillis() + " ms"));
            assertThat(took).as("%s exits by itself after SIGTERM", name).isNotNull();
            assertThat(took).as("%s stops within 10 s", name).isLessThan(Duration.ofSeconds(10));
            if (stream != null) {
                stream.cancel(true);
            }
        }
        System.out.println("SHUTDOWN:\n  " + String.join("\n  ", lines));
    }

    /**
     * The infrastructure went first (a machine shutting down, a stack stopped in the wrong order): each service still
     * exits within 10 s of SIGTERM, instead of waiting on a database and a broker that will not answer.
     */
    @Test
    void eachServiceStopsWithinTenSecondsWhenItsDatabaseAndBrokerAreGone(@org.junit.jupiter.api.io.TempDir Path data) {
        Path target = Path.of("target").toAbsolutePath();
        List<String> lines = new ArrayList<>();
        // a cluster that can be stopped under the services (a throw-away one cannot)
        try (EmbeddedInfrastructure orphaned = EmbeddedInfrastructure.startPersistent(data, FreePorts.next(), FreePorts.pair())) {
            List<ServiceProcess> services = new ArrayList<>();
            for (Service service : Service.ALL) {
                services.add(ServiceProcess.start(service, FreePorts.next(), Path.of("..").toAbsolutePath().normalize(),
                        orphaned, JwtKeys.in(target.resolve("jwt")), target.resolve("service-logs").resolve("orphaned"), Map.of()));
            }
            services.parallelStream().forEach(service -> service.awaitReady(Duration.ofMinutes(3)));
            orphaned.kafka().stop();
            orphaned.stopPostgres();
            services.parallelStream().forEach(service -> {
                Duration took = service.stop();
                synchronized (lines) {
                    lines.add(String.format("%-19s stopped in %s, its database and broker gone", service.service().name(),
                            took == null ? "- (killed after 20 s)" : took.toMillis() + " ms"));
                }
                assertThat(took).as("%s exits by itself after SIGTERM", service.service().name()).isNotNull();
                assertThat(took).as("%s stops within 10 s", service.service().name()).isLessThan(Duration.ofSeconds(10));
            });
        } finally {
            System.out.println("SHUTDOWN:\n  " + String.join("\n  ", lines));
        }
    }

    @Test
    void theLocalStackLeavesNoProcessBehindAfterCtrlC(@org.junit.jupiter.api.io.TempDir Path data) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        int postgres = FreePorts.next();
        int kafka = FreePorts.pair(); // and its controller on the next port
        // a second stack on ports of its own (the kafka controller takes kafka + 1), beside anything already running:
        // the dashboard and the three services on 8080-8083 + offset, four free ports in a row
        int offset = FreePorts.consecutive(4) - 8080;
        List<String> command = new ArrayList<>(List.of("bash", "rehabloop", "up"));
        if (sigintIgnored()) {
            // Ctrl-C reaches a program in a terminal's foreground. Started in the background by a shell without job
            // control (`nohup ... &`, as a CI runner may start us), this test and the stack would inherit SIGINT
            // ignored, and the JVM then never runs its shutdown hooks on it: reset it, as the terminal has it
            command.addAll(0, List.of("env", "--default-signal=INT"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Drehabloop.data=" + data + " -Drehabloop.postgres.port=" + postgres
                + " -Drehabloop.kafka.port=" + kafka + " -Drehabloop.http.port-offset=" + offset);
        Process stack = builder.start();
        List<String> output = new ArrayList<>();
        CompletableFuture<Boolean> up = new CompletableFuture<>();
        // read to the end, not just to "up": a stack whose output nobody reads blocks once the pipe is full (seen once
        // in CI: it never ended after Ctrl-C while writing what it logs when stopping)
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stack.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.startsWith("RehabLoop is up")) {
                        up.complete(true);
                    }
                }
            } catch (IOException e) {
                // the stack is gone
            }
            up.complete(false);
        }, "local-stack-output");
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(up.get(4, TimeUnit.MINUTES)).as("the stack came up: %s", tail(output)).isTrue();
            List<ProcessHandle> children = stack.descendants().toList();
            assertThat(children).as("the three services run as processes").hasSizeGreaterThanOrEqualTo(3);
            String tokens = Files.readString(data.resolve("tokens.env"));
            assertThat(tokens).contains("export CLINICIAN_TOKEN=");

            Instant interrupted = Instant.now();
            new ProcessBuilder("kill", "-INT", String.valueOf(stack.pid())).start().waitFor();
            assertThat(stack.waitFor(60, TimeUnit.SECONDS)).as("./rehabloop up ends after Ctrl-C; its output: %s", tail(output)).isTrue();
            Instant deadline = Instant.now().plusSeconds(5);
            while (children.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(children.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                    .as("processes left behind").isEmpty();
            System.out.println("SHUTDOWN: ./rehabloop up stopped " + children.size() + " processes in "
                    + Duration.between(interrupted, Instant.now()).toMillis() + " ms after Ctrl-C");
        } finally {
            stack.descendants().forEach(ProcessHandle::destroyForcibly);
            stack.destroyForcibly();
        }
    }

    private static List<String> tail(List<String> output) {
        synchronized (output) {
            return List.copyOf(output.subList(Math.max(0, output.size() - 60), output.size()));
        }
    }

    /** Whether this process ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status); false where it cannot tell. */
    private static boolean sigintIgnored() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("SigIgn:"))
                    .map(l -> new java.math.BigInteger(l.substring("SigIgn:".length()).trim(), 16))
                    .anyMatch(mask -> mask.testBit(1));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
