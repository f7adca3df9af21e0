package org.rehabloop.infra;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's alert path: each hop is the difference of two clocks, and the slowest alerts say which hop was slow. */
class AlertPathTest {

    @Test
    void splitsEachAlertIntoItsHops() {
        AlertPath path = new AlertPath();
        // 200 alerts: logging's relay 10 ms, judging 100 ms, assessment's relay 20 ms, the tap 5 ms
        for (int i = 0; i < 197; i++) {
            alert(path, i, 100);
        }
        // but the three last ones waited 900 ms in assessment's lanes
        for (int i = 197; i < 200; i++) {
            alert(path, i, 1000);
        }
        // a session whose alert was never seen counts among the alerts, not among the complete ones
        path.accepted("lost", 1_000_000);

        List<String> lines = AlertPath.describe(path.hops());

        assertThat(lines.get(0)).startsWith("200 of 201 alerts with all their clocks")
                .contains("logging's relay 10 / 10").contains("assessment's judging 100 / 1000")
                .contains("assessment's relay 20 / 20").contains("to the benchmark 5 / 5").contains("whole path 135 / 1035");
        assertThat(lines.get(1)).startsWith("the slowest 2 (1%)").contains("assessment's judging 1000")
                .contains("logging's relay 10,").contains("whole path 1035");
        // the slow three were the last ones sent
        assertThat(lines.get(2)).contains("first third 135 / 135").contains("last 135 / 1035");
    }

    /** Session {@code i}, answered i * 100 ms after the first, its alert judged {@code judging} ms after it was published. */
    private static void alert(AlertPath path, int i, long judging) {
        String id = "s" + i;
        long accepted = 1_000_000 + i * 100L;
        path.accepted(id, accepted);
        path.published(id, accepted + 10);
        path.alerted(id, accepted + 10 + judging, accepted + 30 + judging, accepted + 35 + judging);
    }

    @Test
    void saysSoWhenNoAlertHadAllItsClocks() {
        AlertPath path = new AlertPath();
        path.accepted("s", 5);
        path.published("s", 6);

        assertThat(AlertPath.describe(path.hops())).containsExactly("no alert with all its clocks seen");
    }

    @Test
    void keepsTheFirstOfEachClock() {
        AlertPath path = new AlertPath();
        path.accepted("s", 100);
        path.published("s", 110);
        path.published("s", 500); // a redelivered record
        path.alerted("s", 200, 210, 220);
        path.alerted("s", 900, 910, 920); // a later alert that still lists the session in its evidence

        assertThat(path.hops()).containsExactly(new AlertPath.Hops(100, 110, 200, 210, 220));
    }
}
