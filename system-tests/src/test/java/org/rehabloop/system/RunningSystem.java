package org.rehabloop.system;

import org.rehabloop.infra.EmbeddedInfrastructure;
import org.rehabloop.infra.FreePorts;
import org.rehabloop.infra.JwtKeys;
import org.rehabloop.infra.ServiceProcess;
import org.rehabloop.infra.ServiceProcess.Service;
import org.rehabloop.infra.Tokens;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system as it runs in production: real PostgreSQL and Kafka, and each service as its own process from its
 * built {@code quarkus-run.jar}, configured only through environment variables. One per test JVM.
 */
final class RunningSystem {
    private static RunningSystem instance;

    final EmbeddedInfrastructure infrastructure;
    final Tokens tokens;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** Taken at the start, so the services' CORS names the dashboard's origin; the dashboard itself starts when asked. */
    private final int dashboardPort = FreePorts.next();
    private ServiceProcess dashboard;

    private RunningSystem(EmbeddedInfrastructure infrastructure, Tokens tokens) {
        this.infrastructure = infrastructure;
        this.tokens = tokens;
    }

    static synchronized RunningSystem get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "system-shutdown"));
        }
        return instance;
    }

    private static RunningSystem start() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path target = Path.of("target").toAbsolutePath();
        JwtKeys keys = JwtKeys.in(target.resolve("jwt"));
        RunningSystem system = new RunningSystem(EmbeddedInfrastructure.startTemporary(), new Tokens(keys));
        List<ServiceProcess> started = new ArrayList<>();
        for (Service service : Service.ALL) {
            ServiceProcess process = ServiceProcess.start(service, FreePorts.next(), root, system.infrastructure, keys,
                    target.resolve("service-logs"), system.serviceEnvironment());
            started.add(process);
            system.services.put(service.name(), process);
        }
        CompletableFuture.allOf(started.stream()
                .map(p -> CompletableFuture.runAsync(() -> p.awaitReady(Duration.ofMinutes(3))))
                .toArray(CompletableFuture[]::new)).join();
        return system;
    }

    String url(String service) {
        return services.get(service).url();
    }

    /** Another instance of {@code name}, sharing its database and consumer groups; stopped with the system. */
    synchronized String startAnotherInstance(String name) {
        return startExtra(name).url();
    }

    /** The process of another instance of {@code name}, for tests that stop or kill it; stopped with the system. */
    synchronized ServiceProcess startExtra(String name) {
        Service service = Service.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        Path target = Path.of("target").toAbsolutePath();
        ServiceProcess process = ServiceProcess.start(service, FreePorts.next(), Path.of("..").toAbsolutePath().normalize(),
                infrastructure, JwtKeys.in(target.resolve("jwt")), target.resolve("service-logs").resolve("extra-" + services.size()),
                serviceEnvironment());
        services.put(name + "#" + services.size(), process);
        process.awaitReady(Duration.ofMinutes(3));
        return process;
    }

    private Map<String, String> serviceEnvironment() {
        return Map.of("REHABLOOP_OUTBOX_POLL_INTERVAL", "PT0.5S",
                "REHABLOOP_DASHBOARD_ORIGINS", ServiceProcess.dashboardOrigins(dashboardPort));
    }

    /** The dashboard's process, started on first use against the first instance of each service. */
    synchronized ServiceProcess dashboard() {
        if (dashboard == null) {
            dashboard = ServiceProcess.startDashboard(dashboardPort, Path.of("..").toAbsolutePath().normalize(),
                    Path.of("target").toAbsolutePath().resolve("service-logs"),
                    Service.ALL.stream().map(s -> url(s.name())).toList());
            dashboard.awaitReady(Duration.ofMinutes(2));
        }
        return dashboard;
    }

    private void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        services.values().parallelStream().forEach(ServiceProcess::close);
        infrastructure.close();
    }
}
