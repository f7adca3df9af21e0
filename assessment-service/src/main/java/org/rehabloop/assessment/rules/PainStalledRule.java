package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Severity;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code STL-PAIN}: 28 days or more into the programme, the mean pain of the last 14 days is not at least 1.0 lower
 * than that of the first 14 days. MEDIUM; no adjustment: the clinician reviews.
 */
public record PainStalledRule(int afterDays, int windowDays, BigDecimal improvement) implements WindowRule {
    public static final String CODE = "STL-PAIN";

    @Override
    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        LocalDate start = history.program().startDate();
        LocalDate today = Sessions.day(now);
        if (start.plusDays(afterDays).isAfter(today)) {
            return List.of();
        }
        Instant firstFrom = start.atStartOfDay().toInstant(ZoneOffset.UTC);
        BigDecimal first = PainTrendRule.meanPain(history, firstFrom, firstFrom.plusSeconds(windowDays * 86_400L));
        Instant lastTo = today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        BigDecimal last = PainTrendRule.meanPain(history, lastTo.minusSeconds(windowDays * 86_400L), lastTo);
        if (first == null || last == null) {
            return List.of();
        }
        BigDecimal drop = first.subtract(last);
        if (drop.compareTo(improvement) >= 0) {
            return List.of();
        }
        return List.of(new Finding(CODE, AlertCategory.STALLED, Severity.MEDIUM, null, List.of(
                new Finding.Evidence(null, firstFrom, "meanPainFirst14Days", first, null),
                new Finding.Evidence(null, Sessions.dayStart(now), "meanPainDropLast14Days", drop, improvement)), null));
    }
}
