package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.Severity;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.CLAMSHELL;
import static org.rehabloop.assessment.rules.Histories.clamshell;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.history;

/** Today is day 16: this week is days 10-16, the week before 3-9, the one before that -4 to 2. */
class PainTrendRuleTest {
    private final PainTrendRule rule = new PainTrendRule(BigDecimal.ONE, 2);

    @ParameterizedTest(name = "weekly pain {0} -> {1} -> {2} (check-in this week {3}) -> {4}")
    @CsvSource(nullValues = "-", value = {
            "1, 2, 3, -, true",     // +1.0 twice
            "1, 2, 2, -, false",    // rose once
            "1, 1, 3, -, false",    // +0 then +2
            "2, 3, 5, -, true",
            "1, 3, 4, -, true",     // +2 then +1
            "3, 2, 1, -, false",    // falling
            "-, 2, 3, -, false",    // no rating in the week before last
            "1, 2, 4, 2, true",     // this week (4 + 2) / 2 = 3: check-ins count
            "1, 2, 3, 2, false",    // this week 2.5: +0.5
    })
    void weeklyMeanRoseByOneTwoWeeksRunning(Integer weekBefore, int lastWeek, int thisWeek, Integer checkIn, boolean fires) {
        Histories h = history();
        if (weekBefore != null) {
            h.session(2, 5, clamshell(weekBefore, Form.CLEAN, 15, 15));
        }
        h.session(9, 5, clamshell(lastWeek, Form.CLEAN, 15, 15));
        h.session(10, 5, clamshell(thisWeek, Form.CLEAN, 15, 15));
        if (checkIn != null) {
            h.checkIn(16.9, checkIn, PainKind.DAILY);
        }

        List<Finding> findings = rule.evaluate(h.build(), Trigger.SCHEDULE, day(16.95));

        assertThat(findings.isEmpty()).isEqualTo(!fires);
        if (fires) {
            assertThat(findings).extracting(Finding::exerciseCode).containsExactly("single-leg-deadlift", "lateral-band-walk");
            assertThat(findings).allSatisfy(f -> {
                assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
                assertThat(f.adjustment().type()).isEqualTo(AdjustmentType.DELOAD);
                assertThat(f.evidence()).hasSize(2).allSatisfy(e -> {
                    assertThat(e.metric()).isEqualTo("weeklyMeanPainRise");
                    assertThat(e.value()).isGreaterThanOrEqualTo(BigDecimal.ONE);
                    assertThat(e.threshold()).isEqualByComparingTo("1.0");
                });
            });
        }
    }

    @ParameterizedTest(name = "only ACTIVATION prescribed: one finding without adjustment")
    @CsvSource("1, 2, 3")
    void withoutStrengthOrFunctionalExercisesTheClinicianReviews(int weekBefore, int lastWeek, int thisWeek) {
        Histories h = history().prescribeOnly(CLAMSHELL);
        h.session(2, 5, clamshell(weekBefore, Form.CLEAN, 15, 15));
        h.session(9, 5, clamshell(lastWeek, Form.CLEAN, 15, 15));
        h.session(16, 5, clamshell(thisWeek, Form.CLEAN, 15, 15));

        assertThat(rule.evaluate(h.build(), Trigger.SCHEDULE, day(16.5))).singleElement().satisfies(f -> {
            assertThat(f.exerciseCode()).isNull();
            assertThat(f.adjustment()).isNull();
        });
    }
}
