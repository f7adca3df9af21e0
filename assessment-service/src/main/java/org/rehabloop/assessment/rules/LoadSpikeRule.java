package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code OVL-LOAD-SPIKE}: with at least 28 days of history (the first session 28 UTC days or more before today), the
 * acute:chronic ratio of session load (Foster's sessionRpe x durationMinutes; the sum of the 7 UTC days ending today
 * over the sum of the 28 ending today / 4) is 1.5 or more. The ratio is disputed, so this is a soft flag: LOW, no
 * adjustment. A time-window rule: it runs on any trigger, the daily run included, and its evidence is dated by day.
 *
 * @param ratio       acute:chronic ratio from which the flag is raised (1.5)
 * @param historyDays days of history needed before the ratio means anything (28)
 * @param acuteDays   the acute window (7)
 * @param chronicDays the chronic window (28), averaged over {@code chronicDays / acuteDays} acute windows
 */
public record LoadSpikeRule(BigDecimal ratio, int historyDays, int acuteDays, int chronicDays) implements WindowRule {
    public static final String CODE = "OVL-LOAD-SPIKE";

    @Override
    public List<Finding> evaluate(History h, Trigger trigger, Instant now) {
        LocalDate today = Sessions.day(now);
        if (h.sessions().isEmpty() || ChronoUnit.DAYS.between(Sessions.day(h.sessions().get(0).performedAt()), today) < historyDays) {
            return List.of();
        }
        long acute = load(h, today.minusDays(acuteDays - 1L), today, now);
        long chronic = load(h, today.minusDays(chronicDays - 1L), today, now);
        if (chronic == 0) {
            return List.of();
        }
        BigDecimal value = BigDecimal.valueOf(acute * chronicDays)
                .divide(BigDecimal.valueOf(chronic * acuteDays), 2, RoundingMode.HALF_UP);
        if (value.compareTo(ratio) < 0) {
            return List.of();
        }
        Instant day = Sessions.dayStart(now);
        return List.of(new Finding(CODE, AlertCategory.OVERLOAD, Severity.LOW, null, List.of(
                new Finding.Evidence(null, day, "acuteChronicLoadRatio", value, ratio),
                new Finding.Evidence(null, day, "acuteSessionLoad", BigDecimal.valueOf(acute), null),
                new Finding.Evidence(null, day, "chronicSessionLoad", BigDecimal.valueOf(chronic), null)), null));
    }

    /** Session load of the UTC days from {@code first} to {@code last}, up to {@code now}. */
    private static long load(History h, LocalDate first, LocalDate last, Instant now) {
        long sum = 0;
        for (WorkoutLogged s : h.sessions()) {
            if (Sessions.onDays(s.performedAt(), first, last) && !s.performedAt().isAfter(now)) {
                sum += (long) s.sessionRpe() * s.durationMinutes();
            }
        }
        return sum;
    }
}
