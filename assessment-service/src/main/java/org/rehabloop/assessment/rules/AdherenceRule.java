package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code STL-ADHERENCE}, once the first 7 UTC days of the programme are over:
 * <ul>
 * <li>MEDIUM when there was no session for 3 prescribed sessions in a row, i.e. for 3 x 7 / sessionsPerWeek days
 * (counted from the programme's start while there is no session at all);</li>
 * <li>else LOW when the sessions of the last 14 UTC days (today included) are under 70% of 2 x sessionsPerWeek,
 * prorated by the full days elapsed while the programme is younger than 14 days.</li>
 * </ul>
 * No adjustment. A time-window rule: it runs on every event and daily, since a patient who stops logging sends none;
 * its evidence is dated by day and its values change only with the UTC day or the history.
 *
 * @param graceDays    days from the programme's start before the rule is judged (7)
 * @param windowDays   the window counted (14), in which windowDays / 7 x sessionsPerWeek sessions are prescribed
 * @param share        share of the prescribed sessions below which adherence is LOW (0.70)
 * @param missedInARow prescribed sessions missed in a row from which it is MEDIUM (3)
 */
public record AdherenceRule(int graceDays, int windowDays, BigDecimal share, int missedInARow) implements WindowRule {
    public static final String CODE = "STL-ADHERENCE";

    @Override
    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        LocalDate start = history.program().startDate();
        LocalDate today = Sessions.day(now);
        int perWeek = history.program().sessionsPerWeek();
        long elapsed = ChronoUnit.DAYS.between(start, today);
        if (perWeek <= 0 || elapsed < graceDays) {
            return List.of();
        }
        Instant day = Sessions.start(today);
        WorkoutLogged last = history.sessions().stream().filter(s -> !s.performedAt().isAfter(now))
                .reduce((a, b) -> b).orElse(null);
        Instant lastAt = last == null ? Sessions.start(start) : last.performedAt();
        Duration gap = Duration.ofMinutes(Math.round(missedInARow * 7.0 * 24 * 60 / perWeek));
        if (Duration.between(lastAt, now).compareTo(gap) >= 0) {
            BigDecimal gapDays = BigDecimal.valueOf(gap.toMinutes()).divide(BigDecimal.valueOf(24 * 60), 1, RoundingMode.HALF_UP);
            return List.of(new Finding(CODE, AlertCategory.STALLED, Severity.MEDIUM, null, List.of(new Finding.Evidence(
                    last == null ? null : last.sessionId(), day, "daysWithoutSession",
                    BigDecimal.valueOf(ChronoUnit.DAYS.between(Sessions.day(lastAt), today)), gapDays)), null));
        }
        long days = Math.min(windowDays, elapsed);
        BigDecimal prescribed = BigDecimal.valueOf(perWeek * days).divide(BigDecimal.valueOf(7), 2, RoundingMode.HALF_UP);
        LocalDate from = today.minusDays(windowDays - 1L);
        long done = history.sessions().stream()
                .filter(s -> Sessions.onDays(s.performedAt(), from, today) && !s.performedAt().isAfter(now)).count();
        if (BigDecimal.valueOf(done).compareTo(prescribed.multiply(share)) >= 0) {
            return List.of();
        }
        BigDecimal percent = BigDecimal.valueOf(100 * done).divide(prescribed, 0, RoundingMode.DOWN);
        return List.of(new Finding(CODE, AlertCategory.STALLED, Severity.LOW, null, List.of(new Finding.Evidence(
                null, day, "adherencePercent14Days", percent, share.movePointRight(2).stripTrailingZeros())), null));
    }
}
