package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.Side;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code STL-PLATEAU}: a prescribed exercise done in at least 6 sessions (sessions that left it out do not count)
 * whose first and latest lie at least 21 UTC days apart, and whose best set (band level, then load, then count) in its
 * last 3 sessions is no better than in the 3 before, on every side (a side that still improves is progress). LOW.
 * SUBSTITUTE it with its harder variation, or a sibling when there is none ({@link Variations#replacement}); no
 * adjustment, a clinician review, when nothing is left. Runs when one of those last 6 sessions arrives.
 *
 * @param sessions   sessions of the exercise compared, the last half against the half before (6)
 * @param spanDays   UTC days from its first session to its latest, at least (21)
 * @param variations where a plateaued exercise goes next
 */
public record PlateauRule(int sessions, int spanDays, Variations variations) implements SessionRule {
    public static final String CODE = "STL-PLATEAU";
    static final Comparator<WorkoutLogged.SetDone> BEST = Comparator
            .comparingInt((WorkoutLogged.SetDone s) -> Sessions.bandLevel(s.band()))
            .thenComparing(s -> Sessions.kg(s.loadKg()))
            .thenComparingInt(WorkoutLogged.SetDone::count);
    private static final WorkoutLogged.SetDone NOTHING = new WorkoutLogged.SetDone(0, null, null, null);

    @Override
    public List<Finding> judge(History history, WorkoutLogged arrived) {
        return arrived.exercises().stream()
                .map(entry -> history.program().prescription(entry.exerciseCode())
                        .map(p -> plateau(history, arrived, p)).orElse(null))
                .filter(Objects::nonNull)
                .toList();
    }

    private Finding plateau(History history, WorkoutLogged arrived, Prescription p) {
        String code = p.exerciseCode();
        List<WorkoutLogged> done = Sessions.withExercise(history, code);
        if (done.size() < sessions || sessions < 2) {
            return null;
        }
        WorkoutLogged latest = done.get(done.size() - 1);
        if (ChronoUnit.DAYS.between(Sessions.day(done.get(0).performedAt()), Sessions.day(latest.performedAt())) < spanDays) {
            return null;
        }
        List<WorkoutLogged> window = done.subList(done.size() - sessions, done.size());
        if (Sessions.indexOf(window, arrived) < 0) {
            return null;
        }
        int half = sessions / 2;
        List<WorkoutLogged> earlier = window.subList(window.size() - 2 * half, window.size() - half);
        List<WorkoutLogged> recent = window.subList(window.size() - half, window.size());
        for (Side side : Sessions.sides(p)) {
            if (BEST.compare(best(recent, code, side), best(earlier, code, side)) > 0) {
                return null;
            }
        }
        WorkoutLogged.SetDone before = best(earlier, code, null);
        WorkoutLogged.SetDone after = best(recent, code, null);
        Set<String> prescribed = history.program().prescriptions().stream()
                .map(Prescription::exerciseCode).collect(Collectors.toSet());
        String replacement = variations.replacement(code, prescribed).orElse(null);
        WorkoutLogged lastBefore = earlier.get(earlier.size() - 1);
        return new Finding(CODE, AlertCategory.STALLED, Severity.LOW, code,
                List.of(new Finding.Evidence(lastBefore.sessionId(), lastBefore.performedAt(),
                                "bestSetCount(" + describe(before) + ")", BigDecimal.valueOf(before.count()), null),
                        new Finding.Evidence(latest.sessionId(), latest.performedAt(),
                                "bestSetCount(" + describe(after) + ")", BigDecimal.valueOf(after.count()),
                                BigDecimal.valueOf(before.count()))),
                replacement == null ? null
                        : new Finding.RequestedAdjustment(AdjustmentType.SUBSTITUTE, code, null, replacement));
    }

    /** The best set of these sessions on {@code side} (null: any side). */
    private static WorkoutLogged.SetDone best(List<WorkoutLogged> sessions, String code, Side side) {
        return sessions.stream().flatMap(s -> Sessions.entry(s, code).stream())
                .flatMap(e -> side == null ? e.sets().stream() : Sessions.setsOn(e, side).stream())
                .max(BEST).orElse(NOTHING);
    }

    private static String describe(WorkoutLogged.SetDone set) {
        return set.band() != null ? set.band().name()
                : set.loadKg() != null ? set.loadKg().stripTrailingZeros().toPlainString() + " kg" : "bodyweight";
    }
}
