package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Severity;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.clamshell;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.history;

/**
 * Today is day 40: the acute window is days 34-40, the chronic one days 13-40. Every session is RPE 5 x 30 min = 150
 * unless its minutes say otherwise.
 */
class LoadSpikeRuleTest {
    private final LoadSpikeRule rule = new LoadSpikeRule(new BigDecimal("1.5"), 28, 7, 28);

    @ParameterizedTest(name = "first session {0} days ago, {1} sessions earlier, {2} of {3} min in the last week -> {4}")
    @CsvSource(nullValues = "-", value = {
            "27, 3, 6, 30, -",       // under 28 days of history
            "28, 3, 6, 30, 2.67",    // 6 x 4 / 9
            "28, 5, 3, 30, 1.50",    // 3 x 4 / 8 = 1.5: at the ratio
            "28, 6, 3, 30, -",       // 3 x 4 / 9 = 1.33
            "28, 3, 1, 30, -",       // 1 x 4 / 4 = 1.0
            "28, 3, 1, 90, 2.00",    // session load is RPE x minutes: 450 x 4 / 900
            "28, 0, 0, 30, -",       // nothing in 28 days
            "60, 3, 6, 30, 2.67",
    })
    void acuteChronicRatioOfSessionLoad(int historyDays, int earlier, int lastWeek, int minutes, BigDecimal expected) {
        Histories h = history();
        double today = 40;
        h.session(today - historyDays, 5, 5, 30, clamshell(1, Form.CLEAN, 15, 15));
        for (int i = 0; i < earlier; i++) {
            h.session(today - 20 + i, 5, clamshell(1, Form.CLEAN, 15, 15));
        }
        for (int i = 0; i < lastWeek; i++) {
            h.session(today - 6 + i, 2, 5, minutes, clamshell(1, Form.CLEAN, 15, 15));
        }

        List<Finding> findings = rule.evaluate(h.build(), Trigger.SCHEDULE, day(today + 0.5));

        if (expected == null) {
            assertThat(findings).isEmpty();
            return;
        }
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.category()).isEqualTo(AlertCategory.OVERLOAD);
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.adjustment()).as("a soft flag: no adjustment").isNull();
            assertThat(f.evidence().get(0).value()).isEqualByComparingTo(expected);
            assertThat(f.evidence().get(0).threshold()).isEqualByComparingTo("1.5");
            assertThat(f.evidence().get(0).at()).isEqualTo(day(today));
        });
    }
}
