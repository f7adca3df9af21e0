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
}
