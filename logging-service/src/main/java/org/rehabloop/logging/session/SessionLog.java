package org.rehabloop.logging.session;

import org.rehabloop.logging.idempotency.PhoneRecord;
import jakarta.persistence.Entity;
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
public class SessionLog extends PhoneRecord {
    public UUID programId;
    public int programVersion;
    public Instant performedAt;
    public int durationMinutes;
    public int sessionRpe;
    public int painBefore;
    public String notes;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON copy to compare at commit
    public List<WorkoutLogged.Entry> exercises;
}
