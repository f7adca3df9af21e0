package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OVL-FORM-BREAKDOWN}: form SLIPPED on the same exercise in 2 consecutive sessions of that exercise (the
 * article: form slips with fatigue); sessions that left the exercise out do not break or make the run. DELOAD it.
 * MEDIUM. Runs when a session of the run arrives, wherever it lands in event time.
 *
 * @param sessions in how many consecutive sessions of the exercise the form slipped (2)
 */
public record FormBreakdownRule(int sessions) implements SessionRule {
    public static final String CODE = "OVL-FORM-BREAKDOWN";

    @Override
    public List<Finding> judge(History history, WorkoutLogged arrived) {
        List<Finding> findings = new ArrayList<>();
        for (WorkoutLogged.Entry entry : arrived.exercises()) {
            if (entry.form() != Form.SLIPPED) {
                continue;
            }
            String code = entry.exerciseCode();
            Sessions.runWith(Sessions.withExercise(history, code), arrived, sessions, s -> slipped(s, code))
                    .ifPresent(run -> findings.add(new Finding(CODE, AlertCategory.OVERLOAD, Severity.MEDIUM, code,
                            run.stream().map(FormBreakdownRule::evidence).toList(),
                            new Finding.RequestedAdjustment(AdjustmentType.DELOAD, code, entry.painDuring(), null))));
        }
        return findings;
    }

    private static boolean slipped(WorkoutLogged session, String code) {
        return Sessions.entry(session, code).map(e -> e.form() == Form.SLIPPED).orElse(false);
    }

    private static Finding.Evidence evidence(WorkoutLogged session) {
        return new Finding.Evidence(session.sessionId(), session.performedAt(), "formSlipped", BigDecimal.ONE, null);
    }
}
