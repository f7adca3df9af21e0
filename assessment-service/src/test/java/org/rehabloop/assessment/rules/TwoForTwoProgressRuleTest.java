package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.WorkoutLogged;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.clamshell;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.entry;
import static org.rehabloop.assessment.rules.Histories.history;

/** Prescribed: single-leg-deadlift 3 x 10 per side at 4 kg; lateral-band-walk 2 x 20 per side on a LIGHT band. */
class TwoForTwoProgressRuleTest {
    private final TwoForTwoProgressRule rule = new TwoForTwoProgressRule(2, 2, 3);

    @ParameterizedTest(name = "{0}: [{1}] then [{2}], form {3}, pain {4} -> {5}")
    @CsvSource({
            "single-leg-deadlift, 10@4 10@4 12@4, 10@4 10@4 12@4, CLEAN, 1, true",       // target 10 + 2, twice
            "single-leg-deadlift, 10@4 10@4 12@4, 10@4 10@4 11@4, CLEAN, 1, false",      // +1 once
            "single-leg-deadlift, 10@4 10@4 11@4, 10@4 10@4 12@4, CLEAN, 1, false",
            "single-leg-deadlift, 10@4 10@4 14@4, 10@4 10@4 15@4, CLEAN, 1, true",
            "single-leg-deadlift, 12@3.5 12@3.5 12@3.5, 10@4 10@4 12@4, CLEAN, 1, false", // a lowered load never counts
            "single-leg-deadlift, 10@4 10@4 12@3.5, 10@4 10@4 12@4, CLEAN, 1, false",    // not even in one set
            "single-leg-deadlift, 10@4 10@4 12@4, 10@4 10@4 12@4.4, CLEAN, 1, true",     // heavier is no obstacle here
            "single-leg-deadlift, 10@4 10@4 12@4, 10@4 10@4 12@4, SLIPPED, 1, false",    // form: does not meet
            "single-leg-deadlift, 10@4 10@4 12@4, 10@4 10@4 12@4, CLEAN, 3, true",       // pain 3 still meets
            "single-leg-deadlift, 10@4 10@4 12@4, 10@4 10@4 12@4, CLEAN, 4, false",      // pain 4 does not
            "single-leg-deadlift, 9@4 10@4 12@4, 10@4 10@4 12@4, CLEAN, 1, false",       // a set under target
            "single-leg-deadlift, 10@4 12@4, 10@4 12@4, CLEAN, 1, false",                // 2 of 3 sets
            "single-leg-deadlift, L10@4 L10@4 L12@4 R10@4 R10@4 R12@4, L10@4 L10@4 L12@4 R10@4 R10@4 R12@4, CLEAN, 1, true",
            "single-leg-deadlift, L10@4 L10@4 L12@4 R10@4 R10@4 R11@4, L10@4 L10@4 L12@4 R10@4 R10@4 R12@4, CLEAN, 1, false", // right side +1
            "single-leg-deadlift, L10@4 L10@4 L12@4, L10@4 L10@4 L12@4, CLEAN, 1, false", // the right side was not done
            "lateral-band-walk, 20@LIGHT 22@LIGHT, 20@LIGHT 22@LIGHT, CLEAN, 1, true",
            "lateral-band-walk, 20@MEDIUM 22@MEDIUM, 20@LIGHT 22@LIGHT, CLEAN, 1, true",
            "lateral-band-walk, 20@EXTRA_LIGHT 22@EXTRA_LIGHT, 20@LIGHT 22@LIGHT, CLEAN, 1, false", // a lighter band
    })
    void lastSetAtTargetPlusTwoInTheLastTwoSessionsThatMetThePrescription(String exercise, String first, String second,
            Form form, int pain, boolean fires) {
        Histories h = history();
        WorkoutLogged a = h.session(1, 5, entry(exercise, form, pain, first));
        WorkoutLogged b = h.session(3, 5, entry(exercise, form, pain, second));

        List<Finding> findings = rule.evaluate(h.build(), Trigger.session(b.sessionId()), day(4));

        assertThat(findings.isEmpty()).isEqualTo(!fires);
        if (fires) {
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.category()).as("progress raises no alert").isNull();
                assertThat(f.severity()).isNull();
                assertThat(f.exerciseCode()).isEqualTo(exercise);
                assertThat(f.adjustment().type()).isEqualTo(AdjustmentType.PROGRESS);
                assertThat(f.evidence()).extracting(Finding.Evidence::sessionId).containsExactly(a.sessionId(), b.sessionId());
                assertThat(f.evidence()).allSatisfy(e -> assertThat(e.value()).isGreaterThanOrEqualTo(e.threshold()));
            });
        }
    }

    @ParameterizedTest(name = "{0} arrives; a session without the deadlift in between: {1} -> {2}")
    @CsvSource({
            "last, false, true",
            "second-last, false, true",   // synced late: it completes the pair
            "third-last, false, false",   // not one of the last 2
            "last, true, true",           // a session that left the exercise out does not count
            "lowered-last, false, false", // a lowered-load session after the pair: the last 2 no longer qualify
    })
    void theArrivingSessionIsOneOfTheLastTwo(String arrives, boolean leftOutBetween, boolean fires) {
        Histories h = history();
        WorkoutLogged third = h.session(1, 5, entry("single-leg-deadlift", Form.CLEAN, 1, "10@4 10@4 12@4"));
        WorkoutLogged second = h.session(3, 5, entry("single-leg-deadlift", Form.CLEAN, 1, "10@4 10@4 12@4"));
        if (leftOutBetween) {
            h.session(4, 5, clamshell(1, Form.CLEAN, 15, 15));
        }
        WorkoutLogged last = h.session(5, 5, entry("single-leg-deadlift", Form.CLEAN, 1,
                arrives.equals("lowered-last") ? "12@3.5 12@3.5 12@3.5" : "10@4 10@4 12@4"));
        WorkoutLogged arrived = switch (arrives) {
            case "second-last" -> second;
            case "third-last" -> third;
            default -> last;
        };
        assertThat(rule.evaluate(h.build(), Trigger.session(arrived.sessionId()), day(6)).isEmpty()).isEqualTo(!fires);
    }
}
