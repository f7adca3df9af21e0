package org.rehabloop.plan.adjustment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.rehabloop.contracts.AdjustmentType;

import java.time.Instant;
import java.util.UUID;

/** An adjustment request as the clinician sees it: pending as a proposal, or decided. */
@Schema(name = "Proposal", description = "An adjustment of a programme: applied, waiting for the clinician, or rejected")
public record ProposalView(UUID id, UUID programId, int basedOnVersion, AdjustmentType type, String exerciseCode,
        String replacementCode, String ruleCode, UUID alertId, String reason, AdjustmentRequest.Status status,
        String decisionReason, Integer appliedVersion, String decidedBy, Instant createdAt, Instant decidedAt) {

    static ProposalView of(AdjustmentRequest r) {
        return new ProposalView(r.requestId, r.programId, r.basedOnVersion, r.type, r.exerciseCode, r.replacementCode,
                r.ruleCode, r.alertId, r.reason, r.status, r.decisionReason, r.appliedVersion, r.decidedBy,
                r.createdAt, r.decidedAt);
    }
}
