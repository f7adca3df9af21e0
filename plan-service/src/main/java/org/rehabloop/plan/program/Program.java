package org.rehabloop.plan.program;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

    public UUID patientId;
    public UUID clinicianId;
    public String templateCode;

    @Enumerated(EnumType.STRING)
    public Status status;

    public int version;
    public int sessionsPerWeek;

    @Enumerated(EnumType.STRING)
    public AutoAdjust autoAdjust;

    public LocalDate startDate;
    public int phaseNumber;
    public String phaseName;
    public LocalDate phaseStartedOn;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<Prescription> prescriptions;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, LocalDate> holds = new HashMap<>();

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, IssueProgramRequest.DoseOverride> doseOverrides = new HashMap<>();

    public Instant createdAt;
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
