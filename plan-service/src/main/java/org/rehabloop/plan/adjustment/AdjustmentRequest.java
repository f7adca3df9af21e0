package org.rehabloop.plan.adjustment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
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
    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "program_id", nullable = false)
    public UUID programId;

    @Column(name = "based_on_version", nullable = false)
    public int basedOnVersion;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AdjustmentType type;

    @Column(name = "exercise_code")
    public String exerciseCode;

    @Column(name = "rule_code")
    public String ruleCode;

    @Column(name = "alert_id")
    public UUID alertId;

    @Column(nullable = false)
    public String reason;

    @Column(name = "pain_during")
    public Integer painDuring;

    @Column(name = "replacement_code")
    public String replacementCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "decision_reason")
    public String decisionReason;

    @Column(name = "applied_version")
    public Integer appliedVersion;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "decided_at")
    public Instant decidedAt;
}
