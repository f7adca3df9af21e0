package org.rehabloop.assessment.projection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;

import java.time.Instant;
import java.util.UUID;

/** A pain check-in in the patient's history. */
@Entity
@Table(name = "pain_record")
public class PainRecord extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "patient_id", nullable = false)
    public UUID patientId;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public int pain;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PainKind kind;

    /** False while the programme the patient was on at {@link #at} is not known here yet. */
    @Column(nullable = false)
    public boolean assessed;

    public PainReported toEvent() {
        return new PainReported(id, patientId, at, pain, kind, null);
    }
}
