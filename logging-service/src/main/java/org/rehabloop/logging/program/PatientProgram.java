package org.rehabloop.logging.program;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A patient's programme as learnt from {@code plan.events}: who may log against it, up to which version. */
@Entity
@Table(name = "patient_program")
public class PatientProgram extends PanacheEntityBase {
    @Id
    public UUID programId;

    public UUID patientId;
    public UUID clinicianId;
    public int latestVersion;
    public Instant updatedAt;

    /** True when {@code clinicianId} issued a programme to {@code patientId}. */
    public static boolean treats(UUID clinicianId, UUID patientId) {
        return count("clinicianId = ?1 and patientId = ?2", clinicianId, patientId) > 0;
    }
}
