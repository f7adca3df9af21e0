package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.clamshell;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.deadlift;
import static org.rehabloop.assessment.rules.Histories.history;

class FormBreakdownRuleTest {
    private final FormBreakdownRule rule = new FormBreakdownRule(2);

    @ParameterizedTest(name = "clamshell forms {0}, {1}, {2}; session {3} arrives -> pair {4}")
    @CsvSource(nullValues = "-", value = {
            "CLEAN, SLIPPED, SLIPPED, 3, 2 3",      // 2 in a row
            "SLIPPED, CLEAN, SLIPPED, 3, -",        // not consecutive
            "CLEAN, CLEAN, SLIPPED, 3, -",          // once
            "SLIPPED, SLIPPED, CLEAN, 3, -",        // the session that arrived is clean
            "SLIPPED, SLIPPED, CLEAN, 1, 1 2",      // a session synced late completes the pair
            "CLEAN, SLIPPED, SLIPPED, 2, 2 3",      // the middle one arrives last
            "SLIPPED, LEFT_OUT, SLIPPED, 3, 1 3",   // a session that left the exercise out does not break the run
            "SLIPPED, SLIPPED, SLIPPED, 3, 2 3",    // the pair that ends with the arrival
    })
    void slippedInTwoConsecutiveSessionsOfTheExercise(String first, String second, String third, int arrives, String pair) {
        Histories h = history();
        List<WorkoutLogged> sessions = new ArrayList<>();
        String[] forms = {first, second, third};
        for (int i = 0; i < 3; i++) {
            sessions.add(forms[i].equals("LEFT_OUT")
                    ? h.session(1 + 2 * i, 5, deadlift("4.0", 1, Form.CLEAN, 10, 10, 10))
                    : h.session(1 + 2 * i, 5, clamshell(2, Form.valueOf(forms[i]), 15, 15)));
        }

        List<Finding> findings = rule.evaluate(h.build(), Trigger.session(sessions.get(arrives - 1).sessionId()), day(6));

        if (pair == null) {
            assertThat(findings).isEmpty();
            return;
        }
        List<UUID> expected = Arrays.stream(pair.split(" "))
                .map(n -> sessions.get(Integer.parseInt(n) - 1).sessionId()).toList();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.exerciseCode()).isEqualTo("clamshell");
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.adjustment().type()).isEqualTo(AdjustmentType.DELOAD);
            assertThat(f.evidence()).extracting(Finding.Evidence::sessionId).containsExactlyElementsOf(expected);
        });
    }
}
