package org.rehabloop.assessment.projection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;
import org.rehabloop.assessment.rules.ProgramSnapshot;
import org.rehabloop.contracts.AutoAdjust;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Prescription;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.List;
import java.util.UUID;

/** A patient's programme at its latest applied version, from {@code plan.events}. */
@Entity
@Table(name = "patient_program")
public class PatientProgram extends PanacheEntityBase {
    @Id
    public UUID programId;

    public UUID patientId;
    public UUID clinicianId;
    public String templateCode;
    public int version;
    public int sessionsPerWeek;

    @Enumerated(EnumType.STRING)
    public AutoAdjust autoAdjust;

    public LocalDate startDate;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON copy to compare at commit
    public Phase phase;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON copy to compare at commit
    public List<Prescription> prescriptions;

    public Instant updatedAt;
    public Instant issuedAt;

    public ProgramSnapshot snapshot() {
        return new ProgramSnapshot(programId, patientId, clinicianId, version, sessionsPerWeek, startDate, phase, prescriptions);
    }

    /** The programme {@code patientId} was on at {@code at}: the latest to start on or before that UTC day. */
    public static Optional<PatientProgram> at(UUID patientId, Instant at) {
        return PatientProgram.<PatientProgram>find("patientId = ?1 and startDate <= ?2 order by startDate desc, issuedAt desc",
                patientId, LocalDate.ofInstant(at, ZoneOffset.UTC)).firstResultOptional();
    }

    /** The first moment of the programme: its start day, 00:00 UTC. */
    public Instant startsAt() {
        return startDate.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** True when {@code clinicianId} issued a programme to {@code patientId}. */
    public static boolean treats(UUID clinicianId, UUID patientId) {
        return count("clinicianId = ?1 and patientId = ?2", clinicianId, patientId) > 0;
    }
}
