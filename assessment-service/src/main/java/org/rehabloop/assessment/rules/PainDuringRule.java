package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OVL-PAIN-DURING}: pain during an exercise above 5/10 is high risk in the pain-monitoring model; the
 * exercise is deloaded. HIGH from 8/10.
 */
public final class PainDuringRule implements Rule {
    public static final String CODE = "OVL-PAIN-DURING";

    private final int limit;
    private final int highFrom;

    public PainDuringRule(int limit, int highFrom) {
        this.limit = limit;
        this.highFrom = highFrom;
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        List<Finding> findings = new ArrayList<>();
        for (WorkoutLogged session : history.sessions()) {
            if (!session.sessionId().equals(trigger.sessionId())) {
                continue;
            }
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
        }
        return findings;
    }
}
