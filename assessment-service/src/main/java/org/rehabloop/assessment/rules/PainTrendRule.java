package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Block;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OVL-PAIN-TREND}: the weekly mean pain (exercise entries' painDuring and check-ins) rose by at least 1.0
 * over the week before, two weeks running. Weeks are the 7 UTC days ending today, and the 7 before each; a week
 * without any rating breaks the trend. DELOAD every STRENGTH and FUNCTIONAL exercise of the programme (one finding
 * each; one without an exercise and without an adjustment while there are none, as in phase 1). It is a time-window
 * rule: it runs on any trigger, the daily run included, and its evidence is dated by day.
 *
 * @param rise         how much the weekly mean must rise over the week before (1.0)
 * @param weeksRunning in how many weeks running (2)
 */
public record PainTrendRule(BigDecimal rise, int weeksRunning) implements WindowRule {
    public static final String CODE = "OVL-PAIN-TREND";

    @Override
    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        LocalDate today = Sessions.day(now);
        Instant day = Sessions.dayStart(now);
        List<Finding.Evidence> evidence = new ArrayList<>();
        // Oldest week first: week k ends today minus 7k days.
        BigDecimal previous = weeklyMean(history, today.minusDays(7L * weeksRunning));
        for (int k = weeksRunning - 1; k >= 0; k--) {
            BigDecimal mean = weeklyMean(history, today.minusDays(7L * k));
            if (previous == null || mean == null || mean.subtract(previous).compareTo(rise) < 0) {
                return List.of();
            }
            evidence.add(new Finding.Evidence(null, day.minusSeconds(7L * k * 86_400), "weeklyMeanPainRise",
                    mean.subtract(previous), rise));
            previous = mean;
        }
        if (evidence.isEmpty()) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (Prescription p : history.program().prescriptions()) {
            if (p.block() == Block.STRENGTH || p.block() == Block.FUNCTIONAL) {
                findings.add(new Finding(CODE, AlertCategory.OVERLOAD, Severity.MEDIUM, p.exerciseCode(), List.copyOf(evidence),
                        new Finding.RequestedAdjustment(AdjustmentType.DELOAD, p.exerciseCode(), null, null)));
            }
        }
        if (findings.isEmpty()) {
            findings.add(new Finding(CODE, AlertCategory.OVERLOAD, Severity.MEDIUM, null, List.copyOf(evidence), null));
        }
        return findings;
    }

    /** Mean pain of the 7 UTC days ending {@code lastDay}; null when nothing was rated. */
    static BigDecimal weeklyMean(History history, LocalDate lastDay) {
        Instant from = lastDay.minusDays(6).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = lastDay.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return meanPain(history, from, to);
    }

    /** Mean of every pain rating in [from, to): entries' painDuring and check-ins; null when none. */
    static BigDecimal meanPain(History history, Instant from, Instant to) {
        int sum = 0;
        int count = 0;
        for (WorkoutLogged s : history.sessions()) {
            if (!s.performedAt().isBefore(from) && s.performedAt().isBefore(to)) {
                for (WorkoutLogged.Entry e : s.exercises()) {
                    sum += e.painDuring();
                    count++;
                }
            }
        }
        for (PainReported c : history.checkIns()) {
            if (!c.at().isBefore(from) && c.at().isBefore(to)) {
                sum += c.pain();
                count++;
            }
        }
        return count == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
    }
}
