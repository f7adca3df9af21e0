package org.rehabloop.infra;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** No port is handed out twice, whatever the operating system answers. */
class FreePortsTest {

    @Test
    void portsAskedForOneAfterAnotherAreAllDifferent() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            assertThat(ports.add(FreePorts.next())).as("port handed out twice after %d", i).isTrue();
        }
    }

    @Test
    void aPairMeetsNoOtherPort() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int single = FreePorts.next();
            int pair = FreePorts.pair();
            assertThat(ports.add(single)).isTrue();
            assertThat(ports.add(pair)).isTrue();
            assertThat(ports.add(pair + 1)).isTrue();
        }
    }

    @Test
    void portsInARowAreFreeAndMeetNoOtherPort() throws Exception {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int first = FreePorts.consecutive(4);
            for (int port = first; port < first + 4; port++) {
                assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
                try (java.net.ServerSocket free = new java.net.ServerSocket(port)) {
                    assertThat(free.getLocalPort()).isEqualTo(port);
                }
            }
            assertThat(ports.add(FreePorts.next())).isTrue();
        }
    }
}
