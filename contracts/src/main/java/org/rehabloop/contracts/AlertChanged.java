package org.rehabloop.contracts;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The payload of {@value EventTypes#ALERT_RAISED} and {@value EventTypes#ALERT_UPDATED}: the alert as it stands
 * after the change.
 */
@Schema(name = "Alert", description = "An alert for a clinician: what a rule found in a patient's log, with its evidence and the adjustment it requested")
public record AlertChanged(
        UUID id,
        UUID patientId,
        UUID clinicianId,
        UUID programId,
        String ruleCode,
        String exerciseCode,
        AlertCategory category,
        Severity severity,
        String title,
        String message,
        List<Evidence> evidence,
        Adjustment adjustment,
        AlertStatus status,
        Instant createdAt,
        Instant updatedAt) {

    /** What fired the rule: a metric's value against the threshold it crossed. */
    @Schema(name = "AlertEvidence")
    public record Evidence(UUID sessionId, Instant at, String metric, BigDecimal value, BigDecimal threshold) {
    }

    /** The adjustment the alert asked for and what plan-service did with it (null outcome while pending). */
    @Schema(name = "AlertAdjustment")
    public record Adjustment(UUID requestId, AdjustmentType type, String exerciseCode, AdjustmentOutcome outcome) {
    }
}
