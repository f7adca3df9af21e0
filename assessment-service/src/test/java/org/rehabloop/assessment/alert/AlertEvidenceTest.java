package org.rehabloop.assessment.alert;

import org.junit.jupiter.api.Test;
import org.rehabloop.contracts.AlertChanged;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** An alert that stays open keeps what raised it and its latest repeats, not every repeat ever. */
class AlertEvidenceTest {
    private static List<AlertChanged.Evidence> observations(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new AlertChanged.Evidence(null, Instant.EPOCH.plusSeconds(i),
                "bestSet", BigDecimal.valueOf(i), null)).toList();
    }

    private final AlertService alerts = new AlertService();

    @Test
    void keepsEverythingUpToItsLimit() {
        alerts.evidenceKept = 5;

        assertThat(alerts.kept(observations(0, 3), observations(3, 5))).isEqualTo(observations(0, 5));
    }

    @Test
    void beyondItsLimitKeepsTheFirstAndTheLatest() {
        alerts.evidenceKept = 5;

        List<AlertChanged.Evidence> kept = alerts.kept(observations(0, 5), observations(5, 8));

        assertThat(kept).hasSize(5);
        assertThat(kept.get(0)).isEqualTo(observations(0, 1).get(0));
        assertThat(kept.subList(1, 5)).isEqualTo(observations(4, 8));
    }
}
