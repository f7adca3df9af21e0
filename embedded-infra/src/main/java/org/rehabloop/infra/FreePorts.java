package org.rehabloop.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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

    /** A free port that this JVM has not handed out before. */
    public static int next() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port that was not handed out already");
    }

    /**
     * A free port whose next one is free too: Kafka's controller listens on the broker's port + 1. Taken below the
     * operating system's range for outgoing connections, so no client socket takes the second one meanwhile.
     */
    public static int pair() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            if (GIVEN.contains(port) || GIVEN.contains(port + 1)) {
                continue;
            }
            try (ServerSocket first = new ServerSocket(port); ServerSocket second = new ServerSocket(port + 1)) {
                if (GIVEN.add(port)) {
                    if (GIVEN.add(port + 1)) {
                        return port;
                    }
                    GIVEN.remove(port);
                }
            } catch (IOException taken) {
                // another
            }
        }
        throw new IllegalStateException("no two free ports in a row");
    }
}
