package org.rehabloop.dashboard;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Started by the local stack or the system tests, the dashboard ends with the process that started it, as the
 * services do (their kit's {@code ExitWithParent}; the dashboard does not use the kit, which brings a database and
 * Kafka). Off unless {@code REHABLOOP_EXIT_WITH_PARENT} names that process.
 */
public class StopWithStarter {
    void onStart(@Observes StartupEvent event, @ConfigProperty(name = "rehabloop.exit-with-parent") Optional<Long> starter) {
        starter.flatMap(ProcessHandle::of).ifPresent(process -> process.onExit().thenRun(Quarkus::asyncExit));
    }
}
