package org.rehabloop.assessment.projection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

    public UUID patientId;
    public Instant at;
    public int pain;

    @Enumerated(EnumType.STRING)
    public PainKind kind;

    /** False while the programme the patient was on at {@link #at} is not known here yet. */
    public boolean assessed;

    public PainReported toEvent() {
        return new PainReported(id, patientId, at, pain, kind, null);
    }
}
