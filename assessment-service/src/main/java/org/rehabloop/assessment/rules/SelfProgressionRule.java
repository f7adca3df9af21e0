package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OVL-SELF-PROGRESSION}: the patient went heavier than prescribed, by more than 10% of the load or with a
 * heavier band ("do not overload too quickly"). HOLD the exercise; MEDIUM when the form slipped too, else LOW.
 *
 * @param tolerance the share above the prescribed load that is still fine (0.10)
 */
public record SelfProgressionRule(BigDecimal tolerance) implements SessionRule {
    public static final String CODE = "OVL-SELF-PROGRESSION";

    @Override
    public List<Finding> judge(History history, WorkoutLogged session) {
        List<Finding> findings = new ArrayList<>();
        for (WorkoutLogged.Entry entry : session.exercises()) {
            Prescription p = history.program().prescription(entry.exerciseCode()).orElse(null);
            if (p == null) {
                continue;
            }
            Finding.Evidence over = overload(session, entry, p);
            if (over != null) {
                findings.add(new Finding(CODE, AlertCategory.OVERLOAD,
                        entry.form() == Form.SLIPPED ? Severity.MEDIUM : Severity.LOW, entry.exerciseCode(), List.of(over),
                        new Finding.RequestedAdjustment(AdjustmentType.HOLD, entry.exerciseCode(), null, null)));
            }
        }
        return findings;
    }

    private Finding.Evidence overload(WorkoutLogged session, WorkoutLogged.Entry entry, Prescription p) {
        if (p.band() != null) {
            int heaviest = entry.sets().stream().mapToInt(s -> Sessions.bandLevel(s.band())).max().orElse(-1);
            return heaviest > p.band().ordinal() ? new Finding.Evidence(session.sessionId(), session.performedAt(),
                    "bandLevel", BigDecimal.valueOf(heaviest), BigDecimal.valueOf(p.band().ordinal())) : null;
        }
        if (p.loadKg() == null) {
            return null;
        }
        BigDecimal limit = p.loadKg().multiply(BigDecimal.ONE.add(tolerance));
        BigDecimal heaviest = entry.sets().stream().map(s -> Sessions.kg(s.loadKg())).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        return heaviest.compareTo(limit) > 0
                ? new Finding.Evidence(session.sessionId(), session.performedAt(), "loadKg", heaviest, limit.stripTrailingZeros())
                : null;
    }
}
