package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.Severity;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.clamshell;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.history;

/** Pain in the first 14 days comes from clamshell entries (days 1, 2, ...), in the last 14 from check-ins (the days before today). */
class PainStalledRuleTest {
    private final PainStalledRule rule = new PainStalledRule(28, 14, BigDecimal.ONE);

    @ParameterizedTest(name = "day {0}, pain of the first 14 days [{1}], of the last 14 [{2}] -> {3}")
    @CsvSource(nullValues = "-", value = {
            "27, 5, 5, -",             // under 28 days
            "28, 5, 5, 0.00",          // no better
            "28, 5, 4 5, 0.50",        // only 0.5 better
            "28, 5, 4, -",             // 1.0 better
            "28, 5 6, 4 5, -",         // 5.5 -> 4.5: 1.0 better
            "28, 6 6 5, 5, 0.67",      // 5.67 -> 5
            "28, 5, 7, -2.00",         // worse
            "40, 6, 3, -",
            "40, 6, 5 6, 0.50",
            "28, 5, '', -",            // nothing rated lately: adherence is another rule
            "28, '', 5, -",
    })
    void meanPainOfTheLast14DaysNotOneLowerThanOfTheFirst14(int today, String first, String last, BigDecimal drop) {
        Histories h = history();
        int d = 1;
        for (String pain : first.split(" ")) {
            if (!pain.isBlank()) {
                h.session(d++, 5, clamshell(Integer.parseInt(pain), Form.CLEAN, 15, 15));
            }
        }
        d = 1;
        for (String pain : last.split(" ")) {
            if (!pain.isBlank()) {
                h.checkIn(today - d++, Integer.parseInt(pain), PainKind.DAILY);
            }
        }

        List<Finding> findings = rule.evaluate(h.build(), Trigger.SCHEDULE, day(today + 0.5));

        if (drop == null) {
            assertThat(findings).isEmpty();
            return;
        }
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.category()).isEqualTo(AlertCategory.STALLED);
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.adjustment()).as("clinician review").isNull();
            assertThat(f.evidence().get(1).value()).isEqualByComparingTo(drop);
            assertThat(f.evidence().get(1).threshold()).isEqualByComparingTo("1.0");
        });
    }
}
