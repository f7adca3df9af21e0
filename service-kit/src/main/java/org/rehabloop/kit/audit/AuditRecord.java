package org.rehabloop.kit.audit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One access to a patient's data (or an attempt): when, who, what, whose, and how it ended. */
@Entity
@Table(name = "audit_record")
public class AuditRecord extends PanacheEntityBase {
    @Schema(name = "AuditOutcome")
    public enum Outcome { ALLOWED, DENIED, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Instant at;
    public String subject;
    public String role;

    /** The endpoint ({@code GET /v1/programs/{id}}) or the event type consumed. */
    public String action;
    public String resourceId;
    public UUID patientId;

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    public int status;
}
