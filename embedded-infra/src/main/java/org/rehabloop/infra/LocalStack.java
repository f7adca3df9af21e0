package org.rehabloop.infra;

import org.rehabloop.infra.ServiceProcess.Service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system on one machine: PostgreSQL, Kafka, the three services and the dashboard as separate processes, data under
 * {@code .data/}. {@code up} runs it until Ctrl-C; {@code token ROLE [SUBJECT]} prints a bearer token;
 * {@code bench [--duration=30s ...]} runs {@link Bench} on a stack of its own.
 */
public final class LocalStack {
    static final int POSTGRES_PORT = Integer.getInteger("rehabloop.postgres.port", 54329);
    static final int KAFKA_PORT = Integer.getInteger("rehabloop.kafka.port", 19092);
    /** Added to the services' ports (8081-8083): a second stack beside the first, as the tests run one. */
    static final int HTTP_PORT_OFFSET = Integer.getInteger("rehabloop.http.port-offset", 0);

    /** Fixed demo users, so tokens and the README's walk-through stay valid across restarts. */
    static final Map<String, UUID> DEMO_USERS = demoUsers();

    private LocalStack() {
    }

    private static Map<String, UUID> demoUsers() {
        Map<String, UUID> users = new LinkedHashMap<>();
        users.put("clinician", UUID.fromString("00000000-0000-4000-8000-00000000c001"));
        users.put("patient", UUID.fromString("00000000-0000-4000-8000-00000000a001"));
        users.put("partner", UUID.fromString("00000000-0000-4000-8000-00000000b001"));
        users.put("admin", UUID.fromString("00000000-0000-4000-8000-00000000d001"));
        return users;
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("bench")) {
            // its own infrastructure, ports and data: a running stack is not disturbed
            Bench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("rehabloop.log.level", "warn"));
        Path root = Path.of("").toAbsolutePath();
        Path data = Path.of(System.getProperty("rehabloop.data", root.resolve(".data").toString())).toAbsolutePath();
        JwtKeys keys = JwtKeys.in(data.resolve("jwt"));
        String command = args.length == 0 ? "up" : args[0];
        switch (command) {
            case "up" -> up(root, data, keys);
            case "token" -> token(keys, args);
            default -> usage();
        }
    }

    private static void token(JwtKeys keys, String[] args) {
        if (args.length < 2 || !DEMO_USERS.containsKey(args[1])) {
            usage();
            return;
        }
        UUID subject = args.length > 2 ? UUID.fromString(args[2]) : DEMO_USERS.get(args[1]);
        System.out.println(new Tokens(keys).mint(args[1], subject));
    }

    private static void usage() {
        System.err.println("usage: ./rehabloop up | ./rehabloop token clinician|patient|partner|admin [SUBJECT-UUID] | ./rehabloop bench [--duration=30s --clients=8 ...]");
        System.exit(2);
    }

    private static void up(Path root, Path data, JwtKeys keys) throws IOException {
        long started = System.nanoTime();
        System.out.println("Starting PostgreSQL (port " + POSTGRES_PORT + ") and Kafka (port " + KAFKA_PORT + "), data in " + data);
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.startPersistent(data, POSTGRES_PORT, KAFKA_PORT);
        List<ServiceProcess> services = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the services, Kafka and PostgreSQL...");
            services.parallelStream().forEach(ServiceProcess::close);
            infrastructure.close();
            System.out.println("Stopped. Data kept in " + data);
        }, "local-stack-shutdown"));

        int dashboardPort = Service.DASHBOARD.port() + HTTP_PORT_OFFSET;
        List<String> apiUrls = new ArrayList<>();
        for (Service service : Service.ALL) {
            // on this machine partners' test receivers run on loopback over plain http; the dashboard calls from its own origin
            ServiceProcess process = ServiceProcess.start(service, service.port() + HTTP_PORT_OFFSET, root, infrastructure, keys,
                    data.resolve("logs"), Map.of("REHABLOOP_WEBHOOKS_ALLOW_HTTP", "true", "REHABLOOP_WEBHOOKS_ALLOWED_HOSTS", "localhost,127.0.0.1",
                            "REHABLOOP_DASHBOARD_ORIGINS", ServiceProcess.dashboardOrigins(dashboardPort)));
            services.add(process);
            apiUrls.add(process.url());
        }
        ServiceProcess dashboard = ServiceProcess.startDashboard(dashboardPort, root, data.resolve("logs"), apiUrls);
        services.add(dashboard);
        System.out.println("Starting " + Service.ALL.size() + " services and the dashboard (logs in " + data.resolve("logs") + ")...");
        try {
            CompletableFuture.allOf(services.stream()
                    .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(Duration.ofMinutes(3))))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            System.err.println("The system did not come up: " + (e.getCause() != null ? e.getCause().getMessage() : e));
            System.exit(1);
        }

        StringBuilder banner = new StringBuilder("\nRehabLoop is up in ")
                .append(Duration.ofNanos(System.nanoTime() - started).toSeconds()).append(" s.\n\n");
        banner.append(String.format("  %-19s %s/   (sign in with the clinician token below)%n", "Dashboard:", dashboard.url()));
        for (ServiceProcess service : services.subList(0, Service.ALL.size())) {
            banner.append(String.format("  %-19s %s   (OpenAPI: %s/q/swagger-ui)%n",
                    service.service().name(), service.url(), service.url()));
        }
        banner.append("  PostgreSQL          ").append(infrastructure.jdbcUrl("<plan|logging|assessment>")).append('\n');
        banner.append("  Kafka               ").append(infrastructure.bootstrapServers()).append("\n\nDemo tokens (12 h):\n");
        Tokens tokens = new Tokens(keys);
        StringBuilder env = new StringBuilder();
        DEMO_USERS.forEach((role, id) -> {
            String token = tokens.mint(role, id);
            banner.append(String.format("  %-10s sub=%s%n    %s%n", role, id, token));
            // exported: scripts and clients started from the shell see them too
            env.append("export ").append(role.toUpperCase()).append("_ID=").append(id).append('\n')
                    .append("export ").append(role.toUpperCase()).append("_TOKEN=").append(token).append('\n');
        });
        Files.writeString(data.resolve("tokens.env"), env.toString());
        banner.append("\nThe same, for a shell: source .data/tokens.env\nCtrl-C stops everything.");
        System.out.println(banner);
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
