package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.deadlift;
import static org.rehabloop.assessment.rules.Histories.entry;
import static org.rehabloop.assessment.rules.Histories.history;

/** Clamshell is prescribed 2 x 15 per side: 30 a side. */
class EffortRuleTest {
    private final EffortRule rule = new EffortRule(9, new BigDecimal("0.80"), 2);

    @ParameterizedTest(name = "rpe {0} with clamshell {1}, then rpe {2} with {3}, left out in between {4} -> {5}")
    @CsvSource(nullValues = "-", value = {
            "9, 15 15, 9, 15 15, false, HOLD",               // 2 hard sessions running: hold
            "10, 15 15, 9, 15 15, false, HOLD",
            "8, 15 15, 9, 15 15, false, -",                  // one
            "9, 15 15, 8, 15 15, false, -",
            "9, 15 15, 9, 15 15, true, -",                   // a session in between breaks the RPE run
            "5, 12 11, 5, 12 11, false, DELOAD",             // 23 of 30 is under 80%, twice
            "5, 12 12, 5, 12 11, false, -",                  // 24 of 30 is 80%: short only once
            "5, 12 12, 5, 12 12, false, -",
            "5, 12 11, 5, 12 11, true, DELOAD",              // a session that left clamshell out does not break its run
            "9, 10 10, 9, 10 10, false, DELOAD",             // both: the shortfall deloads
            "5, L15 L15 R10 R10, 5, L15 L15 R10 R10, false, DELOAD", // the right side fell short: sides apart
            "5, L15 L15 R15 R15, 5, L15 L15 R15 R15, false, -",
    })
    void twoConsecutiveHardOrShortSessions(int rpe1, String sets1, int rpe2, String sets2, boolean leftOutBetween,
            AdjustmentType expected) {
        Histories h = history();
        WorkoutLogged first = h.session(1, rpe1, entry("clamshell", Form.CLEAN, 1, sets1));
        if (leftOutBetween) {
            h.session(2, 5, deadlift("4.0", 1, Form.CLEAN, 10, 10, 10));
        }
        WorkoutLogged second = h.session(3, rpe2, entry("clamshell", Form.CLEAN, 1, sets2));

        List<Finding> findings = rule.evaluate(h.build(), Trigger.session(second.sessionId()), day(4));

        if (expected == null) {
            assertThat(findings).isEmpty();
            return;
        }
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.exerciseCode()).isEqualTo("clamshell");
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.adjustment().type()).isEqualTo(expected);
            assertThat(f.evidence()).extracting(Finding.Evidence::sessionId).containsExactly(first.sessionId(), second.sessionId());
            assertThat(f.evidence()).extracting(Finding.Evidence::metric).containsOnly(
                    expected == AdjustmentType.DELOAD ? "shareOfPrescribedTotal" : "sessionRpe");
        });
    }

    @ParameterizedTest(name = "{0} arrives last -> {1}")
    @CsvSource(nullValues = "-", value = {"first, HOLD", "second, HOLD", "other, -"})
    void aLateSessionCompletesTheRun(String arrives, AdjustmentType expected) {
        Histories h = history();
        WorkoutLogged first = h.session(1, 9, entry("clamshell", Form.CLEAN, 1, "15 15"));
        WorkoutLogged second = h.session(3, 9, entry("clamshell", Form.CLEAN, 1, "15 15"));
        WorkoutLogged other = h.session(5, 5, entry("clamshell", Form.CLEAN, 1, "15 15"));
        WorkoutLogged arrived = switch (arrives) {
            case "first" -> first;
            case "second" -> second;
            default -> other;
        };
        List<Finding> findings = rule.evaluate(h.build(), Trigger.session(arrived.sessionId()), day(6));
        assertThat(findings.isEmpty() ? null : findings.get(0).adjustment().type()).isEqualTo(expected);
    }
}
