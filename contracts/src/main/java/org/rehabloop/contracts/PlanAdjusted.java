package org.rehabloop.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@value EventTypes#PLAN_ADJUSTED}: what plan-service did with an adjustment. When {@code outcome} is APPLIED,
 * {@code version} is the new version and {@code prescriptions} its full content; when PROPOSED or REJECTED the
 * programme is unchanged and {@code version} is its current one. {@code requestId} ties it to the
 * {@link AdjustmentRequested} it answers (null for a clinician's manual change).
 */
public record PlanAdjusted(
        UUID programId,
        UUID patientId,
        UUID clinicianId,
        int version,
        UUID requestId,
        AdjustmentOutcome outcome,
        AdjustmentType type,
        String exerciseCode,
        String reason,
        String ruleCode,
        UUID alertId,
        String changedBy,
        int sessionsPerWeek,
        AutoAdjust autoAdjust,
        Phase phase,
        List<Prescription> prescriptions,
        Instant adjustedAt) {
}
