package org.rehabloop.plan.adjustment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.rehabloop.contracts.AdjustmentType;

import java.time.Instant;
import java.util.UUID;

/** A requested change to a programme; PENDING while it waits for the clinician as a proposal. */
@Entity
@Table(name = "adjustment_request")
public class AdjustmentRequest extends PanacheEntityBase {
    @Schema(name = "ProposalStatus")
    public enum Status { PENDING, APPLIED, REJECTED }

    @Id
    public UUID requestId;

    public UUID programId;
    public int basedOnVersion;

    @Enumerated(EnumType.STRING)
    public AdjustmentType type;

    public String exerciseCode;
    public String ruleCode;
    public UUID alertId;
    public String reason;
    public Integer painDuring;
    public String replacementCode;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String decisionReason;
    public Integer appliedVersion;
    public String decidedBy;
    public Instant createdAt;
    public Instant decidedAt;
}
