package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PRG-2FOR2}: in each of the last 2 sessions of an exercise (sessions that left it out do not count), the last
 * set's count is at least target + 2 (on each side, for a per-side exercise) and the entry meets its prescription; a
 * session where the patient lowered the load never counts. PROGRESS that exercise. Runs when one of those 2 sessions
 * arrives. A progress finding has no category and no severity: it raises no alert.
 *
 * <p>RULES.md also asks that the patient have no open OVERLOAD alert and the exercise no HOLD. This rule cannot see
 * alerts or holds, so the caller must drop its findings while the patient has an open OVERLOAD alert or a HOLD is
 * active on the exercise.
 *
 * @param margin       reps (steps, seconds) beyond the target in the last set (2)
 * @param sessions     in how many of the exercise's latest sessions (2)
 * @param meetsMaxPain the highest painDuring with which an entry still meets its prescription (3)
 */
public record TwoForTwoProgressRule(int margin, int sessions, int meetsMaxPain) implements SessionRule {
    public static final String CODE = "PRG-2FOR2";

    @Override
    public List<Finding> judge(History history, WorkoutLogged arrived) {
        if (sessions < 1) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (WorkoutLogged.Entry entry : arrived.exercises()) {
            Prescription p = history.program().prescription(entry.exerciseCode()).orElse(null);
            List<WorkoutLogged> done = Sessions.withExercise(history, entry.exerciseCode());
            if (p == null || done.size() < sessions) {
                continue;
            }
            List<WorkoutLogged> last = done.subList(done.size() - sessions, done.size());
            if (Sessions.indexOf(last, arrived) >= 0 && last.stream().allMatch(s -> beatsTarget(s, p))) {
                findings.add(new Finding(CODE, null, null, p.exerciseCode(), last.stream().map(s -> new Finding.Evidence(
                        s.sessionId(), s.performedAt(), "lastSetCount", BigDecimal.valueOf(lastSet(s, p)),
                        BigDecimal.valueOf(p.target() + margin))).toList(),
                        new Finding.RequestedAdjustment(AdjustmentType.PROGRESS, p.exerciseCode(), null, null)));
            }
        }
        return findings;
    }

    private boolean beatsTarget(WorkoutLogged session, Prescription p) {
        WorkoutLogged.Entry entry = Sessions.entry(session, p.exerciseCode()).orElseThrow();
        return !Sessions.loweredLoad(entry, p) && Sessions.meets(entry, p, meetsMaxPain)
                && Sessions.lastSetCount(entry, p) >= p.target() + margin;
    }

    private static int lastSet(WorkoutLogged session, Prescription p) {
        return Sessions.lastSetCount(Sessions.entry(session, p.exerciseCode()).orElseThrow(), p);
    }
}
