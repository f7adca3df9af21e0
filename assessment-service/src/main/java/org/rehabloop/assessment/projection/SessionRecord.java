package org.rehabloop.assessment.projection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A logged session in the patient's history, placed at its event time. */
@Entity
@Table(name = "session_record")
public class SessionRecord extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID patientId;
    public UUID programId;
    public int programVersion;
    public Instant performedAt;
    public int durationMinutes;
    public int sessionRpe;
    public int painBefore;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON copy to compare at commit
    public List<WorkoutLogged.Entry> exercises;

    public boolean assessed;
}
