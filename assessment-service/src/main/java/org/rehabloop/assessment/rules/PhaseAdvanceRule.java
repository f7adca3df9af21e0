package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code PRG-PHASE}: the phase's minimum length is over, adherence in the phase is at least 80% (sessions since the
 * phase started, at least 0.8 x sessionsPerWeek x the weeks elapsed in it, in UTC days / 7), and in the last 2 sessions
 * every entry of a prescribed exercise met its prescription (a session where the patient lowered the load never
 * counts): ADVANCE_PHASE. A phase without a minimum length (the last, maintenance) never advances. A progress finding:
 * no category, no severity, no alert. Its conditions become true with the passing of time too, so it runs on any
 * trigger; the caller asks once per programme version.
 *
 * @param minimumWeeks minimum length of each phase in weeks; a phase missing from the map never advances
 * @param adherence    share of the prescribed sessions done in the phase (0.80)
 * @param sessions     how many of the latest sessions must meet their prescriptions (2)
 * @param meetsMaxPain the highest painDuring with which an entry still meets its prescription (3)
 */
public record PhaseAdvanceRule(Map<Integer, Integer> minimumWeeks, BigDecimal adherence, int sessions, int meetsMaxPain)
        implements WindowRule {
    public static final String CODE = "PRG-PHASE";
    /** The template's minimum phase lengths in weeks (RULES.md): phase 1, 2 weeks; phase 2, 4 weeks; phase 3, none. */
    public static final Map<Integer, Integer> TEMPLATE_MINIMUM_WEEKS = Map.of(1, 2, 2, 4);

    public PhaseAdvanceRule {
        minimumWeeks = Map.copyOf(minimumWeeks);
    }

    @Override
    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        Integer weeks = history.program().phase() == null ? null : minimumWeeks.get(history.program().phase().number());
        if (weeks == null) {
            return List.of();
        }
        LocalDate phaseStart = history.program().phase().startedOn();
        LocalDate today = Sessions.day(now);
        long daysInPhase = ChronoUnit.DAYS.between(phaseStart, today);
        if (daysInPhase < 7L * weeks || daysInPhase <= 0) {
            return List.of();
        }
        List<WorkoutLogged> inPhase = history.sessions().stream()
                .filter(s -> Sessions.onDays(s.performedAt(), phaseStart, today) && !s.performedAt().isAfter(now)).toList();
        long done = history.sessionsInPhase() == null ? inPhase.size() : history.sessionsInPhase();
        BigDecimal prescribed = BigDecimal.valueOf(daysInPhase * history.program().sessionsPerWeek())
                .divide(BigDecimal.valueOf(7), 2, RoundingMode.HALF_UP);
        if (done < Math.max(1, sessions) || inPhase.size() < Math.max(1, sessions) || prescribed.signum() <= 0
                || BigDecimal.valueOf(done).compareTo(prescribed.multiply(adherence)) < 0) {
            return List.of();
        }
        List<WorkoutLogged> last = inPhase.subList(inPhase.size() - Math.max(1, sessions), inPhase.size());
        if (!last.stream().allMatch(s -> allMet(s, history.program().prescriptions()))) {
            return List.of();
        }
        Instant day = Sessions.dayStart(now);
        BigDecimal percent = BigDecimal.valueOf(100L * done).divide(prescribed, 0, RoundingMode.DOWN);
        List<Finding.Evidence> evidence = new ArrayList<>(List.of(
                new Finding.Evidence(null, day, "adherencePercentInPhase", percent, adherence.movePointRight(2).stripTrailingZeros()),
                new Finding.Evidence(null, day, "daysInPhase", BigDecimal.valueOf(daysInPhase), BigDecimal.valueOf(7L * weeks))));
        for (WorkoutLogged s : last) {
            evidence.add(new Finding.Evidence(s.sessionId(), s.performedAt(), "entriesMeetingPrescription",
                    BigDecimal.valueOf(met(s, history.program().prescriptions())), null));
        }
        return List.of(new Finding(CODE, null, null, null, List.copyOf(evidence),
                new Finding.RequestedAdjustment(AdjustmentType.ADVANCE_PHASE, null, null, null)));
    }

    /** Every prescribed exercise the patient did in the session met its prescription, none done lighter, and there was one. */
    private boolean allMet(WorkoutLogged session, List<Prescription> prescriptions) {
        int done = 0;
        for (Prescription p : prescriptions) {
            var entry = Sessions.entry(session, p.exerciseCode());
            if (entry.isPresent()) {
                done++;
                if (Sessions.loweredLoad(entry.get(), p) || !Sessions.meets(entry.get(), p, meetsMaxPain)) {
                    return false;
                }
            }
        }
        return done > 0;
    }

    private static int met(WorkoutLogged session, List<Prescription> prescriptions) {
        return (int) prescriptions.stream().filter(p -> Sessions.entry(session, p.exerciseCode()).isPresent()).count();
    }
}
