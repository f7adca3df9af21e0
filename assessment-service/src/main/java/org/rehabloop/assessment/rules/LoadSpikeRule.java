package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code OVL-LOAD-SPIKE}: with at least 28 days of history, the acute:chronic ratio of session load (Foster's
 * sessionRpe x minutes; 7-day sum over the 28-day sum / 4) is 1.5 or more. The ratio is disputed, so this is a soft
 * flag: LOW, no adjustment.
 */
public final class LoadSpikeRule implements Rule {
    public static final String CODE = "OVL-LOAD-SPIKE";

    private final BigDecimal ratio;
    private final Duration history;

    public LoadSpikeRule(BigDecimal ratio, Duration requiredHistory) {
        this.ratio = ratio;
        this.history = requiredHistory;
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public List<Finding> evaluate(History h, Trigger trigger, Instant now) {
        if (h.sessions().isEmpty() || h.sessions().get(0).performedAt().isAfter(now.minus(history))) {
            return List.of();
        }
        long acute = load(h, now.minus(Duration.ofDays(7)), now);
        long chronic = load(h, now.minus(Duration.ofDays(28)), now);
        if (chronic == 0) {
            return List.of();
        }
        BigDecimal value = BigDecimal.valueOf(acute * 4).divide(BigDecimal.valueOf(chronic), 2, RoundingMode.HALF_UP);
        if (value.compareTo(ratio) < 0) {
            return List.of();
        }
        return List.of(new Finding(CODE, AlertCategory.OVERLOAD, Severity.LOW, null,
                List.of(new Finding.Evidence(null, Sessions.dayStart(now), "acuteChronicLoadRatio", value, ratio)), null));
    }

    private static long load(History h, Instant from, Instant to) {
        long sum = 0;
        for (WorkoutLogged s : h.sessions()) {
            if (s.performedAt().isAfter(from) && !s.performedAt().isAfter(to)) {
                sum += (long) s.sessionRpe() * s.durationMinutes();
            }
        }
        return sum;
    }
}
