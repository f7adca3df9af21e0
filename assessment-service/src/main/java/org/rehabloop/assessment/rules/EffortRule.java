package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code OVL-EFFORT}: sessionRpe 9 or more in 2 consecutive sessions (HOLD the session's exercises), or an exercise's
 * total count under 80% of the prescribed total in 2 consecutive sessions of it (DELOAD that exercise). LOW. Runs
 * when a session of the pair arrives.
 */
public final class EffortRule implements Rule {
    public static final String CODE = "OVL-EFFORT";

    private final int highRpe;
    private final BigDecimal shortfall;

    /** @param shortfall the share of the prescribed total below which the patient fell short (0.80) */
    public EffortRule(int highRpe, BigDecimal shortfall) {
        this.highRpe = highRpe;
        this.shortfall = shortfall;
    }

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
        Set<String> shortExercises = new TreeSet<>();
        for (WorkoutLogged.Entry entry : arrived.exercises()) {
            Prescription p = history.program().prescription(entry.exerciseCode()).orElse(null);
            if (p == null) {
                continue;
            }
            List<WorkoutLogged> sessions = Sessions.withExercise(history, entry.exerciseCode());
            WorkoutLogged pair = neighbour(sessions, arrived, s -> fellShort(s, p));
            if (pair != null && fellShort(arrived, p)) {
                shortExercises.add(entry.exerciseCode());
                findings.add(new Finding(CODE, AlertCategory.OVERLOAD, Severity.LOW, entry.exerciseCode(),
                        ordered(pair, arrived).stream().map(s -> new Finding.Evidence(s.sessionId(), s.performedAt(),
                                "shareOfPrescribedTotal", share(s, p), shortfall)).toList(),
                        new Finding.RequestedAdjustment(AdjustmentType.DELOAD, entry.exerciseCode(), entry.painDuring(), null)));
            }
        }
        WorkoutLogged hardPair = arrived.sessionRpe() >= highRpe
                ? neighbour(history.sessions(), arrived, s -> s.sessionRpe() >= highRpe) : null;
        if (hardPair != null) {
            List<Finding.Evidence> evidence = ordered(hardPair, arrived).stream().map(s -> new Finding.Evidence(
                    s.sessionId(), s.performedAt(), "sessionRpe", BigDecimal.valueOf(s.sessionRpe()), BigDecimal.valueOf(highRpe))).toList();
            for (WorkoutLogged.Entry entry : arrived.exercises()) {
                if (!shortExercises.contains(entry.exerciseCode()) && history.program().prescription(entry.exerciseCode()).isPresent()) {
                    findings.add(new Finding(CODE, AlertCategory.OVERLOAD, Severity.LOW, entry.exerciseCode(), evidence,
                            new Finding.RequestedAdjustment(AdjustmentType.HOLD, entry.exerciseCode(), null, null)));
                }
            }
        }
        return findings;
    }

    private boolean fellShort(WorkoutLogged session, Prescription p) {
        return share(session, p).compareTo(shortfall) < 0;
    }

    private static BigDecimal share(WorkoutLogged session, Prescription p) {
        int done = Sessions.entry(session, p.exerciseCode()).map(e -> Sessions.totalDone(e, p)).orElse(0);
        return BigDecimal.valueOf(done).divide(BigDecimal.valueOf(Sessions.totalPrescribed(p)), 2, RoundingMode.HALF_UP);
    }

    /** The session just before or after {@code arrived} in {@code sessions}, when it matches. */
    private static WorkoutLogged neighbour(List<WorkoutLogged> sessions, WorkoutLogged arrived,
            java.util.function.Predicate<WorkoutLogged> match) {
        int at = sessions.indexOf(arrived);
        if (at > 0 && match.test(sessions.get(at - 1))) {
            return sessions.get(at - 1);
        }
        return at >= 0 && at + 1 < sessions.size() && match.test(sessions.get(at + 1)) ? sessions.get(at + 1) : null;
    }

    private static List<WorkoutLogged> ordered(WorkoutLogged a, WorkoutLogged b) {
        return a.performedAt().isBefore(b.performedAt()) ? List.of(a, b) : List.of(b, a);
    }
}
