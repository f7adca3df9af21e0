package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OVL-PAIN-DURING}: pain during an exercise above 5/10 is high risk in the pain-monitoring model; the
 * exercise is deloaded. HIGH from 8/10.
 */
public record PainDuringRule(int limit, int highFrom) implements SessionRule {
    public static final String CODE = "OVL-PAIN-DURING";

    @Override
    public List<Finding> judge(History history, WorkoutLogged session) {
        List<Finding> findings = new ArrayList<>();
        for (WorkoutLogged.Entry entry : session.exercises()) {
            if (entry.painDuring() > limit) {
                findings.add(new Finding(CODE, AlertCategory.OVERLOAD,
                        entry.painDuring() >= highFrom ? Severity.HIGH : Severity.MEDIUM, entry.exerciseCode(),
                        List.of(new Finding.Evidence(session.sessionId(), session.performedAt(), "painDuring",
                                BigDecimal.valueOf(entry.painDuring()), BigDecimal.valueOf(limit))),
                        new Finding.RequestedAdjustment(AdjustmentType.DELOAD, entry.exerciseCode(),
                                entry.painDuring(), null)));
            }
        }
        return findings;
    }
}
