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

class AdherenceRuleTest {
    private final AdherenceRule rule = new AdherenceRule(7, 14, new BigDecimal("0.70"), 3);

    @ParameterizedTest(name = "{0}/week, now day {1}, sessions on days [{2}] -> {3} ({4})")
    @CsvSource(nullValues = "-", value = {
            "5, 6.9, '', -, -",                               // the first 7 days are grace
            "5, 7, '', MEDIUM, 7",                            // nothing at all for 7 days: 3 x 7 / 5 = 4.2 days
            "5, 20, '7 8 9 10 11 12 13 16 17 18', -, -",      // 10 of 10
            "5, 20, '8 9 11 13 16 17 18', -, -",              // 7 of 10 = 70%: fine
            "5, 20, '9 11 13 16 17 18', LOW, 60",             // 6 of 10 = 60%
            "5, 20, '6.9 9 11 13 16 17 18', LOW, 60",         // day 6 is outside the 14 days 7-20
            "7, 13, '4 5 6 7 8 9 10 11 12', LOW, 69",         // 9 of 13 (prorated: 13 days old) = 69%
            "7, 13, '3 4 5 6 7 8 9 10 11 12', -, -",          // 10 of 13 = 76%
            "3, 20, '12', MEDIUM, 8",                         // nothing for 8 days: 3 x 7 / 3 = 7 days
            "3, 20, '13', MEDIUM, 7",                         // exactly 7 days
            "3, 20, '13.1', LOW, 16",                         // 6.9 days: not yet MEDIUM, but 1 of 6
    })
    void sessionsOfTheLast14DaysAndMissedSessionsInARow(int perWeek, double now, String days, Severity expected,
            Integer value) {
        Histories h = history().perWeek(perWeek);
        for (String d : days.split(" ")) {
            if (!d.isBlank()) {
                h.session(Double.parseDouble(d), 5, clamshell(1, Form.CLEAN, 15, 15));
            }
        }

        List<Finding> findings = rule.evaluate(h.build(), Trigger.SCHEDULE, day(now));

        if (expected == null) {
            assertThat(findings).isEmpty();
            return;
        }
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.category()).isEqualTo(AlertCategory.STALLED);
            assertThat(f.severity()).isEqualTo(expected);
            assertThat(f.adjustment()).isNull();
            assertThat(f.evidence()).singleElement().satisfies(e -> {
                assertThat(e.metric()).isEqualTo(expected == Severity.MEDIUM ? "daysWithoutSession" : "adherencePercent14Days");
                assertThat(e.value().intValue()).isEqualTo(value);
                assertThat(e.threshold()).isEqualByComparingTo(expected == Severity.MEDIUM
                        ? BigDecimal.valueOf(21).divide(BigDecimal.valueOf(perWeek), 1, java.math.RoundingMode.HALF_UP)
                        : BigDecimal.valueOf(70));
            });
        });
    }
}
