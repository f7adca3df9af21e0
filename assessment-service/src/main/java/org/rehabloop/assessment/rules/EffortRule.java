package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code OVL-EFFORT}, LOW, two signs that the dose is too much for now:
 * <ul>
 * <li>an exercise's total count under 80% of the prescribed total in 2 consecutive sessions of it (sessions that left
 * it out do not count; per-side exercises are judged on their weaker side): DELOAD that exercise;</li>
 * <li>sessionRpe 9 or more in 2 consecutive sessions: HOLD every prescribed exercise of the session that arrived,
 * except those the first sign already deloads ("HOLD when only the RPE fired").</li>
 * </ul>
 * Runs when a session of the run arrives, wherever it lands in event time.
 *
 * @param highRpe   sessionRpe from which a session was too hard (9)
 * @param shortfall the share of the prescribed total below which the patient fell short (0.80)
 * @param sessions  in how many consecutive sessions (2)
 */
public record EffortRule(int highRpe, BigDecimal shortfall, int sessions) implements SessionRule {
    public static final String CODE = "OVL-EFFORT";

    @Override
    public List<Finding> judge(History history, WorkoutLogged arrived) {
        Optional<List<WorkoutLogged>> hardRun = Sessions.runWith(history.sessions(), arrived, sessions,
                s -> s.sessionRpe() >= highRpe);
        List<Finding> findings = new ArrayList<>();
        for (WorkoutLogged.Entry entry : arrived.exercises()) {
            Prescription p = history.program().prescription(entry.exerciseCode()).orElse(null);
            if (p == null) {
                continue;
            }
            Optional<List<WorkoutLogged>> shortRun = Sessions.runWith(Sessions.withExercise(history, p.exerciseCode()),
                    arrived, sessions, s -> share(s, p).compareTo(shortfall) < 0);
            if (shortRun.isPresent()) {
                findings.add(new Finding(CODE, AlertCategory.OVERLOAD, Severity.LOW, p.exerciseCode(),
                        shortRun.get().stream().map(s -> new Finding.Evidence(s.sessionId(), s.performedAt(),
                                "shareOfPrescribedTotal", share(s, p), shortfall)).toList(),
                        new Finding.RequestedAdjustment(AdjustmentType.DELOAD, p.exerciseCode(), entry.painDuring(), null)));
            } else if (hardRun.isPresent()) {
                findings.add(new Finding(CODE, AlertCategory.OVERLOAD, Severity.LOW, p.exerciseCode(),
                        hardRun.get().stream().map(s -> new Finding.Evidence(s.sessionId(), s.performedAt(), "sessionRpe",
                                BigDecimal.valueOf(s.sessionRpe()), BigDecimal.valueOf(highRpe))).toList(),
                        new Finding.RequestedAdjustment(AdjustmentType.HOLD, p.exerciseCode(), null, null)));
            }
        }
        return findings;
    }

    private static BigDecimal share(WorkoutLogged session, Prescription p) {
        return Sessions.entry(session, p.exerciseCode()).map(e -> Sessions.shareOfPrescribedTotal(e, p)).orElse(BigDecimal.ZERO);
    }
}
