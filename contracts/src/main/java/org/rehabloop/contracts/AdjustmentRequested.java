package org.rehabloop.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * {@value EventTypes#ADJUSTMENT_REQUESTED}: assessment-service asks plan-service to change a programme. The request id
 * takes effect at most once; {@code basedOnVersion} lets plan-service reject it as stale when the exercise changed
 * since. {@code painDuring} is the pain that triggered a DELOAD (it chooses the easier variation above 5);
 * {@code replacementCode} is the variation a SUBSTITUTE puts in.
 */
public record AdjustmentRequested(
        UUID requestId,
        UUID patientId,
        UUID programId,
        int basedOnVersion,
        AdjustmentType type,
        String exerciseCode,
        String ruleCode,
        UUID alertId,
        String reason,
        Integer painDuring,
        String replacementCode,
        Instant requestedAt) {
}
