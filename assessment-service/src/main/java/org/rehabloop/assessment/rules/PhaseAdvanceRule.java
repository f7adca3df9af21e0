package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@code PRG-PHASE}: the phase's minimum length is over, the sessions in the phase are at least 80% of those
 * prescribed for its weeks, and in the last 2 sessions every entry met its prescription (lowered loads never
 * count): ADVANCE_PHASE. A phase without a minimum length (the last) never advances. No alert.
 */
public final class PhaseAdvanceRule implements Rule {
    public static final String CODE = "PRG-PHASE";

    private final Map<Integer, Integer> minimumWeeks;
    private final BigDecimal adherence;
    private final int sessions;

    public PhaseAdvanceRule(Map<Integer, Integer> minimumWeeks, BigDecimal adherence, int sessions) {
        this.minimumWeeks = minimumWeeks;
        this.adherence = adherence;
        this.sessions = sessions;
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        Integer weeks = history.program().phase() == null ? null : minimumWeeks.get(history.program().phase().number());
        if (weeks == null) {
            return List.of();
        }
        LocalDate phaseStart = history.program().phase().startedOn();
        LocalDate today = Sessions.day(now);
        if (phaseStart.plusWeeks(weeks).isAfter(today)) {
            return List.of();
        }
        Instant from = phaseStart.atStartOfDay().toInstant(ZoneOffset.UTC);
        List<WorkoutLogged> inPhase = history.sessions().stream()
                .filter(s -> !s.performedAt().isBefore(from) && !s.performedAt().isAfter(now)).toList();
        BigDecimal weeksElapsed = BigDecimal.valueOf(ChronoUnit.DAYS.between(phaseStart, today)).divide(BigDecimal.valueOf(7), 2, RoundingMode.HALF_UP);
        BigDecimal prescribed = weeksElapsed.multiply(BigDecimal.valueOf(history.program().sessionsPerWeek()));
        if (inPhase.size() < sessions || BigDecimal.valueOf(inPhase.size()).compareTo(prescribed.multiply(adherence)) < 0) {
            return List.of();
        }
        List<WorkoutLogged> last = inPhase.subList(inPhase.size() - sessions, inPhase.size());
        if (!last.stream().allMatch(s -> allMet(s, history.program().prescriptions()))) {
            return List.of();
        }
        BigDecimal percent = BigDecimal.valueOf(100L * inPhase.size()).divide(prescribed, 0, RoundingMode.DOWN);
        return List.of(new Finding(CODE, null, null, null, List.of(new Finding.Evidence(null, Sessions.dayStart(now),
                "adherencePercentInPhase", percent, adherence.movePointRight(2).stripTrailingZeros())),
                new Finding.RequestedAdjustment(AdjustmentType.ADVANCE_PHASE, null, null, null)));
    }

    /** Every prescribed exercise the patient did in the session met its prescription, and none was done lighter. */
    private static boolean allMet(WorkoutLogged session, List<Prescription> prescriptions) {
        boolean any = false;
        for (Prescription p : prescriptions) {
            var entry = Sessions.entry(session, p.exerciseCode());
            if (entry.isPresent()) {
                any = true;
                if (Sessions.loweredLoad(entry.get(), p) || !Sessions.meets(entry.get(), p)) {
                    return false;
                }
            }
        }
        return any;
    }
}
