package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code OVL-PAIN-NEXT-MORNING}: the morning after, pain did not settle: a NEXT_MORNING check-in at least 2 above the
 * painBefore of the latest session in the 36 h before it. HOLD that session's exercises; DELOAD them when it is the
 * second time in 14 days. Runs on the check-in that arrived.
 */
public final class PainNextMorningRule implements Rule {
    public static final String CODE = "OVL-PAIN-NEXT-MORNING";

    private final int rise;
    private final Duration lookBack;
    private final Duration repeatWindow;

    public PainNextMorningRule(int rise, Duration lookBack, Duration repeatWindow) {
        this.rise = rise;
        this.lookBack = lookBack;
        this.repeatWindow = repeatWindow;
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        Optional<PainReported> checkIn = history.checkIns().stream()
                .filter(c -> c.checkInId().equals(trigger.checkInId())).findFirst();
        if (checkIn.isEmpty()) {
            return List.of();
        }
        Optional<WorkoutLogged> session = unsettledAfter(history, checkIn.get());
        if (session.isEmpty()) {
            return List.of();
        }
        boolean secondTime = history.checkIns().stream()
                .filter(c -> c.at().isBefore(checkIn.get().at()) && !c.at().isBefore(checkIn.get().at().minus(repeatWindow)))
                .anyMatch(c -> unsettledAfter(history, c).isPresent());
        AdjustmentType type = secondTime ? AdjustmentType.DELOAD : AdjustmentType.HOLD;
        List<Finding.Evidence> evidence = List.of(
                new Finding.Evidence(session.get().sessionId(), session.get().performedAt(), "painBefore",
                        BigDecimal.valueOf(session.get().painBefore()), null),
                new Finding.Evidence(null, checkIn.get().at(), "nextMorningPain", BigDecimal.valueOf(checkIn.get().pain()),
                        BigDecimal.valueOf(session.get().painBefore() + rise)));
        List<Finding> findings = new ArrayList<>();
        for (WorkoutLogged.Entry entry : session.get().exercises()) {
            findings.add(new Finding(CODE, AlertCategory.OVERLOAD, Severity.MEDIUM, entry.exerciseCode(), evidence,
                    new Finding.RequestedAdjustment(type, entry.exerciseCode(), null, null)));
        }
        return findings;
    }

    /** The session this morning check-in shows did not settle, if it does. */
    private Optional<WorkoutLogged> unsettledAfter(History history, PainReported checkIn) {
        if (checkIn.kind() != PainKind.NEXT_MORNING) {
            return Optional.empty();
        }
        WorkoutLogged latest = null;
        for (WorkoutLogged s : history.sessions()) {
            if (s.performedAt().isBefore(checkIn.at()) && !s.performedAt().isBefore(checkIn.at().minus(lookBack))) {
                latest = s;
            }
        }
        return latest != null && checkIn.pain() >= latest.painBefore() + rise ? Optional.of(latest) : Optional.empty();
    }
}
