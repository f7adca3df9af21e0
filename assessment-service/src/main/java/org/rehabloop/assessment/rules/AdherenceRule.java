package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code STL-ADHERENCE}, after the first 7 days of the programme: MEDIUM when no session for 3 prescribed sessions in
 * a row (3 x 7 / sessionsPerWeek days); else LOW when the sessions of the last 14 days are under 70% of
 * 2 x sessionsPerWeek (prorated while the programme is younger than 14 days). No adjustment. It runs on every event
 * and daily, since a patient who stops logging sends none.
 */
public final class AdherenceRule implements Rule {
    public static final String CODE = "STL-ADHERENCE";

    private final int graceDays;
    private final int windowDays;
    private final BigDecimal share;
    private final int missedInARow;

    public AdherenceRule(int graceDays, int windowDays, BigDecimal share, int missedInARow) {
        this.graceDays = graceDays;
        this.windowDays = windowDays;
        this.share = share;
        this.missedInARow = missedInARow;
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        LocalDate start = history.program().startDate();
        Instant started = start.atStartOfDay().toInstant(ZoneOffset.UTC);
        if (now.isBefore(started.plus(Duration.ofDays(graceDays)))) {
            return List.of();
        }
        int perWeek = history.program().sessionsPerWeek();
        Instant day = Sessions.dayStart(now);
        Duration gap = Duration.ofMinutes(Math.round(missedInARow * 7.0 * 24 * 60 / perWeek));
        Instant lastSession = history.sessions().stream().map(WorkoutLogged::performedAt)
                .filter(at -> !at.isAfter(now)).max(Instant::compareTo).orElse(started);
        if (Duration.between(lastSession, now).compareTo(gap) >= 0) {
            BigDecimal days = BigDecimal.valueOf(Duration.between(lastSession, now).toHours())
                    .divide(BigDecimal.valueOf(24), 1, RoundingMode.DOWN);
            return List.of(new Finding(CODE, AlertCategory.STALLED, Severity.MEDIUM, null, List.of(new Finding.Evidence(
                    null, day, "daysWithoutSession", days, BigDecimal.valueOf(gap.toHours()).divide(BigDecimal.valueOf(24), 1, RoundingMode.HALF_UP))), null));
        }
        Instant from = now.minus(Duration.ofDays(windowDays));
        long days = Math.min(windowDays, Duration.between(started, now).toDays());
        BigDecimal prescribed = BigDecimal.valueOf(2L * perWeek * days).divide(BigDecimal.valueOf(windowDays), 2, RoundingMode.HALF_UP);
        long done = history.sessions().stream().filter(s -> s.performedAt().isAfter(from) && !s.performedAt().isAfter(now)).count();
        BigDecimal percent = BigDecimal.valueOf(100 * done).divide(prescribed, 0, RoundingMode.DOWN);
        if (BigDecimal.valueOf(done).compareTo(prescribed.multiply(share)) >= 0) {
            return List.of();
        }
        return List.of(new Finding(CODE, AlertCategory.STALLED, Severity.LOW, null, List.of(new Finding.Evidence(
                null, day, "adherencePercent14Days", percent, share.movePointRight(2).stripTrailingZeros())), null));
    }
}
