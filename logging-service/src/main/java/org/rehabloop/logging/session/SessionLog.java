package org.rehabloop.logging.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import org.rehabloop.logging.idempotency.OnceOnly;
import jakarta.persistence.Column;
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

/** A logged workout session, keyed by the phone's id. */
@Entity
@Table(name = "workout_session")
public class SessionLog extends PanacheEntityBase implements OnceOnly.PhoneRecord {
    @Id
    public UUID id;

    @Column(name = "patient_id", nullable = false)
    public UUID patientId;

    @Column(name = "program_id", nullable = false)
    public UUID programId;

    @Column(name = "program_version", nullable = false)
    public int programVersion;

    @Column(name = "performed_at", nullable = false)
    public Instant performedAt;

    @Column(name = "duration_minutes", nullable = false)
    public int durationMinutes;

    @Column(name = "session_rpe", nullable = false)
    public int sessionRpe;

    @Column(name = "pain_before", nullable = false)
    public int painBefore;

    public String notes;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON copy to compare at commit
    @Column(nullable = false)
    public List<WorkoutLogged.Entry> exercises;

    @Column(name = "body_hash", nullable = false)
    public String bodyHash;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Override
    public UUID patientId() {
        return patientId;
    }

    @Override
    public String bodyHash() {
        return bodyHash;
    }
}
