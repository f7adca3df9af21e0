package org.rehabloop.assessment.projection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

/** A logged session in the patient's history, placed at its event time. */
@Entity
@Table(name = "session_record")
public class SessionRecord extends PanacheEntityBase {
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

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON copy to compare at commit
    @Column(nullable = false)
    public List<WorkoutLogged.Entry> exercises;

    @Column(nullable = false)
    public boolean assessed;

    public static SessionRecord of(WorkoutLogged s) {
        SessionRecord r = new SessionRecord();
        r.id = s.sessionId();
        r.patientId = s.patientId();
        r.programId = s.programId();
        r.programVersion = s.programVersion();
        r.performedAt = s.performedAt();
        r.durationMinutes = s.durationMinutes();
        r.sessionRpe = s.sessionRpe();
        r.painBefore = s.painBefore();
        r.exercises = s.exercises();
        return r;
    }

    public WorkoutLogged toEvent() {
        return new WorkoutLogged(id, patientId, programId, programVersion, performedAt, durationMinutes, sessionRpe,
                painBefore, exercises, null);
    }
}
