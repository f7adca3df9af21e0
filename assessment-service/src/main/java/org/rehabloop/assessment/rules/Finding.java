package org.rehabloop.assessment.rules;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Severity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a rule found: its code, the exercise where there is one, how serious it is, the evidence a clinician can check
 * in seconds, and the adjustment it asks for (null: none, clinician review).
 *
 * <p>A finding with a category is an alert (OVERLOAD or STALLED) and always has a severity. A finding with category
 * null, and then severity null too, is a progress adjustment of a PRG- rule, not an alert: it raises none and only
 * carries the adjustment it asks for (PROGRESS, ADVANCE_PHASE). Its caller applies the conditions a rule cannot see
 * (PRG-2FOR2: no open OVERLOAD alert, no HOLD on the exercise).
 */
@Schema(name = "Finding")
public record Finding(String ruleCode, AlertCategory category, Severity severity, String exerciseCode,
        List<Evidence> evidence, RequestedAdjustment adjustment) {

    /** A value that crossed a threshold (null where the value is context, such as the painBefore compared against), and where it was seen. */
    @Schema(name = "FindingEvidence")
    public record Evidence(UUID sessionId, Instant at, String metric, BigDecimal value, BigDecimal threshold) {
    }

    /** The change to the programme the finding asks for. */
    public record RequestedAdjustment(AdjustmentType type, String exerciseCode, Integer painDuring, String replacementCode) {
    }
}
