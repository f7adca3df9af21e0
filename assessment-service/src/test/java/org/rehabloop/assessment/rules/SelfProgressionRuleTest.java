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
import static org.rehabloop.assessment.rules.Histories.entry;
import static org.rehabloop.assessment.rules.Histories.history;

/** Prescribed: single-leg-deadlift at 4 kg, lateral-band-walk on a LIGHT band, clamshell without load. */
class SelfProgressionRuleTest {
    private final SelfProgressionRule rule = new SelfProgressionRule(new BigDecimal("0.10"));

    @ParameterizedTest(name = "{0} {1}, form {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "single-leg-deadlift, 10@4.0 10@4.0 10@4.0, CLEAN, -",
            "single-leg-deadlift, 10@4.4 10@4.4 10@4.4, CLEAN, -",        // +10%: still fine
            "single-leg-deadlift, 10@4.0 10@4.0 10@4.5, CLEAN, LOW",      // one set above +10%
            "single-leg-deadlift, 10@6.0 10@6.0 10@6.0, SLIPPED, MEDIUM", // and the form slipped
            "single-leg-deadlift, 10@3.0 10@3.0 10@3.0, SLIPPED, -",      // lighter is not self-progression
            "lateral-band-walk, 20@LIGHT 20@LIGHT, CLEAN, -",
            "lateral-band-walk, 20@EXTRA_LIGHT 20@EXTRA_LIGHT, CLEAN, -",
            "lateral-band-walk, 20@LIGHT 20@MEDIUM, CLEAN, LOW",         // a heavier band
            "lateral-band-walk, 20@HEAVY 20@HEAVY, SLIPPED, MEDIUM",
            "clamshell, 15@2.0 15@2.0, CLEAN, -",                         // no load prescribed to compare with
            "glute-bridge, 15@20 15@20, CLEAN, -",                        // not in the programme
    })
    void loadAboveThePrescriptionByMoreThanTenPercentOrAHeavierBand(String exercise, String sets, Form form, Severity expected) {
        Histories h = history();
        WorkoutLogged s = h.session(2, 5, entry(exercise, form, 1, sets));

        List<Finding> findings = rule.evaluate(h.build(), Trigger.session(s.sessionId()), day(3));

        if (expected == null) {
            assertThat(findings).isEmpty();
            return;
        }
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.exerciseCode()).isEqualTo(exercise);
            assertThat(f.severity()).isEqualTo(expected);
            assertThat(f.adjustment().type()).isEqualTo(AdjustmentType.HOLD);
            assertThat(f.evidence()).singleElement().satisfies(e -> {
                assertThat(e.sessionId()).isEqualTo(s.sessionId());
                assertThat(e.value()).isGreaterThan(e.threshold());
            });
        });
    }
}
