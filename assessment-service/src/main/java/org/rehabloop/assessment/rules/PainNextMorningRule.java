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
 * second time in 14 days, i.e. an earlier NEXT_MORNING check-in of the 14 days before showed the same about another
 * session (two check-ins about one session are one time). Runs on the check-in that arrived, so a check-in is judged
 * once, wherever it lands in event time.
 *
 * @param rise         how far above the session's painBefore the morning pain must be (2)
 * @param lookBack     how long before the check-in the session may be (36 h)
 * @param repeatWindow within which a second time deloads instead of holding (14 days)
 */
public record PainNextMorningRule(int rise, Duration lookBack, Duration repeatWindow) implements Rule {
    public static final String CODE = "OVL-PAIN-NEXT-MORNING";

    @Override
    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        if (trigger.checkInId() == null) {
            return List.of();
        }
        PainReported checkIn = history.checkIns().stream()
                .filter(c -> c.checkInId().equals(trigger.checkInId())).findFirst().orElse(null);
        WorkoutLogged session = checkIn == null ? null : unsettledAfter(history, checkIn).orElse(null);
        if (session == null) {
            return List.of();
        }
        List<Finding.Evidence> evidence = new ArrayList<>(List.of(
                new Finding.Evidence(session.sessionId(), session.performedAt(), "painBefore",
                        BigDecimal.valueOf(session.painBefore()), null),
                new Finding.Evidence(null, checkIn.at(), "nextMorningPain", BigDecimal.valueOf(checkIn.pain()),
                        BigDecimal.valueOf(session.painBefore() + rise))));
        Instant since = checkIn.at().minus(repeatWindow);
        for (PainReported earlier : history.checkIns()) {
            if (!earlier.at().isBefore(checkIn.at()) || earlier.at().isBefore(since)) {
                continue;
            }
            Optional<WorkoutLogged> before = unsettledAfter(history, earlier);
            if (before.isPresent() && !before.get().sessionId().equals(session.sessionId())) {
                evidence.add(new Finding.Evidence(before.get().sessionId(), earlier.at(), "earlierNextMorningPain",
                        BigDecimal.valueOf(earlier.pain()), BigDecimal.valueOf(before.get().painBefore() + rise)));
                break;
            }
        }
        AdjustmentType type = evidence.size() > 2 ? AdjustmentType.DELOAD : AdjustmentType.HOLD;
        List<Finding> findings = new ArrayList<>();
        for (WorkoutLogged.Entry entry : session.exercises()) {
            findings.add(new Finding(CODE, AlertCategory.OVERLOAD, Severity.MEDIUM, entry.exerciseCode(), List.copyOf(evidence),
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
