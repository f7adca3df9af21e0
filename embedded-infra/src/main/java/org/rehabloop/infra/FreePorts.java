package org.rehabloop.infra;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the embedded PostgreSQL, Kafka and the services. A port is handed out once per JVM: the operating system
 * may well answer the same free port to two requests in a row (it was free again once the probe closed it), and a
 * broker once got the same port for its two listeners and did not start.
 */
public final class FreePorts {
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /**
     * A free port that this JVM has not handed out before, below the operating system's range for outgoing connections
     * (see {@link #consecutive}): a port the system picked (port 0) lies in that range, and once a service of the
     * system tests did not start because a client socket took its port between the probe and the service's bind.
     */
    public static int next() {
        return consecutive(1);
    }

    /**
     * A free port whose next one is free too: Kafka's controller listens on the broker's port + 1. Taken below the
     * operating system's range for outgoing connections, so no client socket takes the second one meanwhile.
     */
    public static int pair() {
        return consecutive(2);
    }

    /**
     * The first of {@code count} free ports in a row (a local stack's dashboard and services, say), none handed out
     * before, below the operating system's range for outgoing connections: a port in that range may be taken by any
     * client socket between this probe and the server's start (seen once: a service of a local stack with its ports
     * there did not start).
     */
    public static int consecutive(int count) {
        for (int attempt = 0; attempt < 500; attempt++) {
            int first = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            if (taken(first, count)) {
                continue;
            }
            List<ServerSocket> probes = new ArrayList<>();
            try {
                for (int port = first; port < first + count; port++) {
                    probes.add(new ServerSocket(port));
                }
            } catch (IOException inUse) {
                continue;
            } finally {
                probes.forEach(FreePorts::close);
            }
            synchronized (GIVEN) {
                if (!taken(first, count)) {
                    for (int port = first; port < first + count; port++) {
                        GIVEN.add(port);
                    }
                    return first;
                }
            }
        }
        throw new IllegalStateException("no " + count + " free ports in a row");
    }

    private static boolean taken(int first, int count) {
        for (int port = first; port < first + count; port++) {
            if (GIVEN.contains(port)) {
                return true;
            }
        }
        return false;
    }

    private static void close(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // a probe
        }
    }
}
