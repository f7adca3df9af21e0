package org.rehabloop.plan.program;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.rehabloop.contracts.AutoAdjust;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Prescription;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A patient's programme as it stands now; each change also leaves an immutable {@link ProgramVersion}. */
@Entity
@Table(name = "program")
public class Program extends PanacheEntityBase {
    @Schema(name = "ProgrammeStatus")
    public enum Status { ACTIVE, ENDED }

    @Id
    public UUID id;

    @Column(name = "patient_id", nullable = false)
    public UUID patientId;

    @Column(name = "clinician_id", nullable = false)
    public UUID clinicianId;

    @Column(name = "template_code", nullable = false)
    public String templateCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int version;

    @Column(name = "sessions_per_week", nullable = false)
    public int sessionsPerWeek;

    @Enumerated(EnumType.STRING)
    @Column(name = "auto_adjust", nullable = false)
    public AutoAdjust autoAdjust;

    @Column(name = "start_date", nullable = false)
    public LocalDate startDate;

    @Column(name = "phase_number", nullable = false)
    public int phaseNumber;

    @Column(name = "phase_name", nullable = false)
    public String phaseName;

    @Column(name = "phase_started_on", nullable = false)
    public LocalDate phaseStartedOn;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<Prescription> prescriptions;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, LocalDate> holds = new HashMap<>();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "dose_overrides", nullable = false)
    public Map<String, IssueProgramRequest.DoseOverride> doseOverrides = new HashMap<>();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<Program> activeOf(UUID patientId) {
        return find("patientId = ?1 and status = ?2", patientId, Status.ACTIVE).firstResultOptional();
    }

    public Phase phase() {
        return new Phase(phaseNumber, phaseName, phaseStartedOn);
    }

    public Optional<Prescription> prescription(String exerciseCode) {
        return prescriptions.stream().filter(p -> p.exerciseCode().equals(exerciseCode)).findFirst();
    }
}
