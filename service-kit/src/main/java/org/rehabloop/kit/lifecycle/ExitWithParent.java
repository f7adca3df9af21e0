package org.rehabloop.kit.lifecycle;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * A service started by another process (the local stack, the system tests) stops when that process is gone, even
 * when it was killed and could not stop its children: no service is left behind holding a port and the database.
 * Off unless {@code rehabloop.exit-with-parent} names the parent's process id; production supervisors do not set it.
 */
@ApplicationScoped
public class ExitWithParent {
    private static final Logger LOG = Logger.getLogger(ExitWithParent.class);

    @ConfigProperty(name = "rehabloop.exit-with-parent")
    Optional<Long> parentPid;

    void start(@Observes StartupEvent event) {
        parentPid.flatMap(ProcessHandle::of).ifPresent(parent -> parent.onExit().thenRun(() -> {
            LOG.infof("The process that started this service (%d) has ended: stopping", parent.pid());
            Quarkus.asyncExit();
        }));
    }
}
