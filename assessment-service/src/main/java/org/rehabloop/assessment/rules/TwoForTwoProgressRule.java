package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PRG-2FOR2}: in each of the last 2 sessions of an exercise, the last set's count is at least target + 2 and the
 * entry meets its prescription (a session with a lowered load never counts): PROGRESS it. A progress finding raises
 * no alert. The caller drops it while the patient has an open OVERLOAD alert; plan-service refuses it while the
 * exercise is on HOLD.
 */
public final class TwoForTwoProgressRule implements Rule {
    public static final String CODE = "PRG-2FOR2";

    private final int margin;
    private final int sessions;

    public TwoForTwoProgressRule(int margin, int sessions) {
        this.margin = margin;
        this.sessions = sessions;
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
        for (WorkoutLogged.Entry entry : arrived.exercises()) {
            Prescription p = history.program().prescription(entry.exerciseCode()).orElse(null);
            List<WorkoutLogged> done = Sessions.withExercise(history, entry.exerciseCode());
            if (p == null || done.size() < sessions || done.get(done.size() - 1) != arrived) {
                continue;
            }
            List<WorkoutLogged> last = done.subList(done.size() - sessions, done.size());
            if (last.stream().allMatch(s -> beatsTarget(s, p))) {
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
        return !Sessions.loweredLoad(entry, p) && Sessions.meets(entry, p) && lastSet(session, p) >= p.target() + margin;
    }

    private static int lastSet(WorkoutLogged session, Prescription p) {
        List<WorkoutLogged.SetDone> sets = Sessions.entry(session, p.exerciseCode()).orElseThrow().sets();
        return sets.get(sets.size() - 1).count();
    }
}
