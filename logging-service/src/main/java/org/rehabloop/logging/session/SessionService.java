package org.rehabloop.logging.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.Topics;
import org.rehabloop.contracts.WorkoutLogged;
import org.rehabloop.logging.idempotency.OnceOnly;
import org.rehabloop.logging.idempotency.EventTime;
import org.rehabloop.kit.outbox.Outbox;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.kit.jdbc.Sql;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Stores sessions once per client id and publishes each through the outbox in the same transaction. */
@ApplicationScoped
public class SessionService {
    @Inject
    Outbox outbox;

    @Inject
    OnceOnly onceOnly;

    @Inject
    EventTime eventTime;

    @Inject
    Clock clock;

    @Inject
    Sql sql;

    @Inject
    ObjectMapper json;

    /**
     * The session and its event in one statement, stored only when the id is free and the programme (at least at the
     * version the session names) is this patient's: in the usual case the request's only round trip before commit.
     */
    private static final String INSERT = "INSERT INTO workout_session (id, patient_id, program_id, program_version, "
            + "performed_at, duration_minutes, session_rpe, pain_before, notes, exercises, body_hash, received_at) "
            + "SELECT CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), CAST(? AS int), CAST(? AS timestamptz), "
            + "CAST(? AS int), CAST(? AS int), CAST(? AS int), CAST(? AS text), CAST(? AS jsonb), CAST(? AS varchar), "
            + "CAST(? AS timestamptz) WHERE EXISTS (SELECT 1 FROM patient_program WHERE program_id = ? AND patient_id = ? "
            + "AND latest_version >= ?) ON CONFLICT (id) DO NOTHING RETURNING 1";

    /**
     * @param alsoWritten rows the statement writes with the session: the audit record of the call that logged it
     *                    ({@code AuditLog.thisCall}); none for a session of a sync, whose call is recorded once
     */
    public OnceOnly.Stored<SessionLog> log(UUID patientId, LogSessionRequest request, Sql.Into... alsoWritten) {
        return onceOnly.store(patientId, request, "Session " + request.id(),
                hash -> create(patientId, request, hash, alsoWritten), () -> SessionLog.findById(request.id()),
                () -> refuse(patientId, request));
    }

    /** The stored session, or null when its id is taken or its programme is not this patient's (see refuse). */
    private SessionLog create(UUID patientId, LogSessionRequest request, String hash, Sql.Into[] alsoWritten) {
        if (!eventTime.allows(request.performedAt())) {
            return null;
        }
        Instant now = clock.instant();
        SessionLog session = new SessionLog();
        session.id = request.id();
        session.patientId = patientId;
        session.programId = request.programId();
        session.programVersion = request.programVersion();
        session.performedAt = request.performedAt();
        session.durationMinutes = request.durationMinutes();
        session.sessionRpe = request.sessionRpe();
        session.painBefore = request.painBefore();
        session.notes = request.notes();
        session.exercises = request.exercises().stream()
                .map(e -> new WorkoutLogged.Entry(e.exerciseCode(), e.form(), e.painDuring(), e.sets().stream()
                        .map(s -> new WorkoutLogged.SetDone(s.count(), s.loadKg(), s.band(), s.side())).toList()))
                .toList();
        session.bodyHash = hash;
        session.receivedAt = now;
        // a plain statement, not an entity: the request's only row needs none of Hibernate's work at commit
        boolean stored = outbox.publishCommittedWith(INSERT,
                new Object[] {session.id, patientId, session.programId, session.programVersion, session.performedAt,
                        session.durationMinutes, session.sessionRpe, session.painBefore, session.notes,
                        json(session.exercises), hash, now, session.programId, patientId, session.programVersion},
                Topics.WORKOUT_EVENTS, patientId, EventTypes.WORKOUT_LOGGED, new WorkoutLogged(session.id,
                        patientId, session.programId, session.programVersion, session.performedAt, session.durationMinutes,
                        session.sessionRpe, session.painBefore, session.exercises, now), alsoWritten);
        return stored ? session : null;
    }

    /** Why a session that is not stored under its id could not be stored. */
    private void refuse(UUID patientId, LogSessionRequest request) {
        eventTime.check("performedAt", request.performedAt());
        Integer latestVersion = sql.single("SELECT latest_version FROM patient_program WHERE program_id = ? AND patient_id = ?",
                Integer.class, request.programId(), patientId);
        if (latestVersion == null) {
            throw ProblemException.unprocessable("programId", "is not a programme of this patient");
        }
        if (request.programVersion() > latestVersion) {
            throw ProblemException.unprocessable("programVersion", "is not a version of this programme");
        }
    }

    private String json(List<WorkoutLogged.Entry> exercises) {
        try {
            return json.writeValueAsString(exercises);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a session's exercises could not be written as JSON", e);
        }
    }

    public List<SessionLog> history(UUID patientId, Instant from, Instant to, int limit, SessionCursor after) {
        StringBuilder query = new StringBuilder("patientId = :patient");
        var params = io.quarkus.panache.common.Parameters.with("patient", patientId);
        if (from != null) {
            query.append(" and performedAt >= :from");
            params.and("from", from);
        }
        if (to != null) {
            query.append(" and performedAt < :to");
            params.and("to", to);
        }
        if (after != null) {
            query.append(" and (performedAt < :cursorTime or (performedAt = :cursorTime and id < :cursorId))");
            params.and("cursorTime", after.performedAt()).and("cursorId", after.id());
        }
        query.append(" order by performedAt desc, id desc");
        return SessionLog.<SessionLog>find(query.toString(), params).page(0, limit).list();
    }
}
