package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OVL-FORM-BREAKDOWN}: form SLIPPED on the same exercise in 2 consecutive sessions of that exercise (the
 * article: form slips with fatigue). DELOAD it. Runs when the session that completes the pair arrives, wherever it
 * lands in event time.
 */
public final class FormBreakdownRule implements Rule {
    public static final String CODE = "OVL-FORM-BREAKDOWN";

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        WorkoutLogged arrived = Sessions.byId(history, trigger.sessionId()).orElse(null);
        if (arrived == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (WorkoutLogged.Entry entry : arrived.exercises()) {
            if (entry.form() != Form.SLIPPED) {
                continue;
            }
            List<WorkoutLogged> sessions = Sessions.withExercise(history, entry.exerciseCode());
            int at = sessions.indexOf(arrived);
            WorkoutLogged pair = null;
            if (at > 0 && slipped(sessions.get(at - 1), entry.exerciseCode())) {
                pair = sessions.get(at - 1);
            } else if (at >= 0 && at + 1 < sessions.size() && slipped(sessions.get(at + 1), entry.exerciseCode())) {
                pair = sessions.get(at + 1);
            }
            if (pair != null) {
                WorkoutLogged first = pair.performedAt().isBefore(arrived.performedAt()) ? pair : arrived;
                WorkoutLogged second = first == pair ? arrived : pair;
                findings.add(new Finding(CODE, AlertCategory.OVERLOAD, Severity.MEDIUM, entry.exerciseCode(),
                        List.of(evidence(first), evidence(second)),
                        new Finding.RequestedAdjustment(AdjustmentType.DELOAD, entry.exerciseCode(), entry.painDuring(), null)));
            }
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
