package org.rehabloop.infra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's histories: three sessions a week, spread further when too few to reach back past the rules' 28-day
 * look-backs, so that a short history's probe fires the same rules as a long one's.
 */
class BenchHistoryPaceTest {

    @ParameterizedTest(name = "{0} sessions: one every {1} h")
    @CsvSource({
            "1000, 56",  // six years at three a week
            "14, 56",    // 13 x 56 h = 30.3 days: three a week already reaches back far enough
            "13, 60",    // 12 x 56 h = 28 days: spread to 30
            "10, 80",    // the README's short history: 9 x 80 h = 30 days
            "2, 720",
            "1, 56",     // nothing to spread
            "0, 56"})
    void paceOfAHistory(int sessions, long hours) {
        Duration pace = Bench.historyPace(sessions);

        assertThat(pace).isEqualTo(Duration.ofHours(hours));
        if (sessions > 1) {
            assertThat(pace.multipliedBy(sessions - 1)).isGreaterThanOrEqualTo(Bench.HISTORY_SPAN);
        }
    }
}
