package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * {@code STL-PLATEAU}: an exercise done in at least 6 sessions over at least 21 days whose best set (band level, then
 * load, then count) in its last 3 sessions is no better than in the 3 before. SUBSTITUTE it with its harder
 * variation, or a sibling when there is none and the sibling is not already in the programme. LOW. Runs when the
 * exercise's latest session arrives.
 */
public final class PlateauRule implements Rule {
    public static final String CODE = "STL-PLATEAU";
    static final Comparator<WorkoutLogged.SetDone> BEST = Comparator
            .comparingInt((WorkoutLogged.SetDone s) -> Sessions.bandLevel(s.band()))
            .thenComparing(s -> Sessions.kg(s.loadKg()))
            .thenComparingInt(WorkoutLogged.SetDone::count);

    private final int sessions;
    private final Duration span;
    private final Variations variations;

    public PlateauRule(int sessions, Duration span, Variations variations) {
        this.sessions = sessions;
        this.span = span;
        this.variations = variations;
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
        return arrived.exercises().stream()
                .map(entry -> plateau(history, arrived, entry.exerciseCode()))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    private Finding plateau(History history, WorkoutLogged arrived, String code) {
        List<WorkoutLogged> done = Sessions.withExercise(history, code);
        if (done.size() < sessions || done.get(done.size() - 1) != arrived) {
            return null;
        }
        List<WorkoutLogged> window = done.subList(done.size() - sessions, done.size());
        if (Duration.between(window.get(0).performedAt(), arrived.performedAt()).compareTo(span) < 0) {
            return null;
        }
        int half = sessions / 2;
        WorkoutLogged.SetDone before = best(window.subList(0, half), code);
        WorkoutLogged.SetDone recent = best(window.subList(half, sessions), code);
        if (BEST.compare(recent, before) > 0) {
            return null;
        }
        String replacement = variations.next(code)
                .filter(r -> history.program().prescription(r).isEmpty()).orElse(null);
        return new Finding(CODE, AlertCategory.STALLED, Severity.LOW, code,
                List.of(new Finding.Evidence(window.get(half - 1).sessionId(), window.get(half - 1).performedAt(),
                                "bestSetCount(" + describe(before) + ")", BigDecimal.valueOf(before.count()), null),
                        new Finding.Evidence(arrived.sessionId(), arrived.performedAt(),
                                "bestSetCount(" + describe(recent) + ")", BigDecimal.valueOf(recent.count()),
                                BigDecimal.valueOf(before.count()))),
                replacement == null ? null
                        : new Finding.RequestedAdjustment(AdjustmentType.SUBSTITUTE, code, null, replacement));
    }

    private static WorkoutLogged.SetDone best(List<WorkoutLogged> sessions, String code) {
        return sessions.stream().flatMap(s -> Sessions.entry(s, code).stream()).flatMap(e -> e.sets().stream())
                .max(BEST).orElse(new WorkoutLogged.SetDone(0, null, null, null));
    }

    private static String describe(WorkoutLogged.SetDone set) {
        return set.band() != null ? set.band().name() : set.loadKg() != null ? set.loadKg().stripTrailingZeros().toPlainString() + " kg" : "bodyweight";
    }
}
