package org.rehabloop.assessment.projection;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.rehabloop.assessment.rules.History;
import org.rehabloop.assessment.rules.ProgramSnapshot;
import org.rehabloop.assessment.rules.RuleThresholds;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.WorkoutLogged;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the history of one programme for the rules, in event-time order: the sessions logged against it, and the
 * patient's check-ins from its start day until the patient's next programme took over. An earlier programme's
 * sessions count neither for nor against this one.
 *
 * <p>Only the window the rules look at is read ({@link RuleThresholds#historyDays()} before the event being judged,
 * which may be a late one), plus what some rules need from further back: the programme's first
 * {@link RuleThresholds#painStalledWindowDays()} days, the latest {@link RuleThresholds#historySessions()} sessions
 * and the very first; the sessions of the current phase are counted, not read. The cost of an event does not grow
 * with the years of history a patient has. Read over plain JDBC: the rules get records, and Hibernate keeps no copy of
 * each session to compare at commit.
 */
@ApplicationScoped
public class HistoryRepository {
    /** PostgreSQL's timestamptz ends long before {@link Instant#MAX}. */
    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");

    /**
     * The window the rules look at ({@code performed_at} from the window's start), the programme's first weeks, the
     * latest sessions and the very first one.
     */
    private static final String SESSIONS = "WITH chosen AS ("
            + "SELECT id FROM session_record WHERE program_id = ? AND (performed_at >= ? OR performed_at < ?) "
            + "UNION (SELECT id FROM session_record WHERE program_id = ? ORDER BY performed_at DESC, id DESC LIMIT ?) "
            + "UNION (SELECT id FROM session_record WHERE program_id = ? ORDER BY performed_at, id LIMIT 1)) "
            + "SELECT s.id, s.patient_id, s.program_version, s.performed_at, s.duration_minutes, s.session_rpe, "
            + "s.pain_before, s.exercises::text FROM session_record s JOIN chosen USING (id)";

    @Inject
    RuleThresholds thresholds;

    @Inject
    EntityManager entityManager;


    private final ObjectReader entries;
    private final ObjectReader phase;
    private final ObjectReader prescriptions;

    @Inject
    HistoryRepository(ObjectMapper json) {
        entries = json.readerFor(new TypeReference<List<WorkoutLogged.Entry>>() { });
        phase = json.readerFor(Phase.class);
        prescriptions = json.readerFor(new TypeReference<List<Prescription>>() { });
    }

    /** The history of the programme {@code programId}, or empty while plan-service's event has not arrived. */
    public Optional<History> of(UUID programId, Trigger trigger, Instant now) {
        String eventTime = trigger.sessionId() != null ? "(SELECT performed_at FROM session_record WHERE id = ?)"
                : trigger.checkInId() != null ? "(SELECT at FROM pain_record WHERE id = ?)" : "CAST(? AS timestamptz)";
        return read(programId, eventTime, trigger.sessionId() != null ? trigger.sessionId() : trigger.checkInId(), now);
    }

    /**
     * The history of the programme {@code programId} for judging several of its stored events, the earliest of which
     * happened at {@code earliest}: the window of each of them in one reading (the later ones' windows start later).
     * Empty while plan-service's event has not arrived.
     */
    public Optional<History> of(UUID programId, Instant earliest, Instant now) {
        return read(programId, "CAST(? AS timestamptz)", OffsetDateTime.ofInstant(earliest, ZoneOffset.UTC), now);
    }

    /** @param eventTime SQL for the time of the event being judged (null: now), with one parameter: {@code event} */
    private Optional<History> read(UUID programId, String eventTime, Object event, Instant now) {
        if (QuarkusTransaction.isActive()) {
            // what this transaction changed through entities (a check-in, the programme) must be in what is read
            entityManager.flush();
        }
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Program program = program(connection, programId, eventTime, event, now);
            if (program == null) {
                return Optional.empty();
            }
            Instant from = Optional.ofNullable(program.eventTime()).filter(at -> at.isBefore(now)).orElse(now)
                    .minus(Duration.ofDays(thresholds.historyDays()));
            Instant startsAt = program.snapshot().startDate().atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant firstWeeks = startsAt.plus(Duration.ofDays(thresholds.painStalledWindowDays()));
            return Optional.of(new History(program.snapshot(), sessions(connection, programId, from, firstWeeks),
                    checkIns(connection, program.snapshot().patientId(), startsAt, program.until(), from, firstWeeks),
                    program.sessionsInPhase()));
        });
    }

    /**
     * The programme as the rules see it, with what its history's bounds depend on: when the patient's next programme
     * took over from it (or {@link #FAR_FUTURE}), the sessions of its current phase (counted, not read: PRG-PHASE's
     * adherence counts the whole phase, however long ago it started) and when the event being judged happened (a
     * session's performedAt, a check-in's time; null for the schedule or an event not stored).
     */
    private record Program(ProgramSnapshot snapshot, Instant until, int sessionsInPhase, Instant eventTime) {
    }

    /**
     * One round trip. Read as a record, not an entity: nothing here changes it, and an entity would be tracked until the
     * commit. The next programme is the first to start after this one (on the same day, the one issued later); it takes
     * over at the start of its first day. A phase starts at the start of its first day (UTC).
     */
    private Program program(Connection connection, UUID programId, String eventTime, Object event, Instant now)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT p.patient_id, p.clinician_id, p.version, "
                + "p.sessions_per_week, p.start_date, p.phase::text, p.prescriptions::text, "
                + "(SELECT min(o.start_date) FROM patient_program o WHERE o.patient_id = p.patient_id "
                + "AND o.program_id <> p.program_id AND (o.start_date > p.start_date "
                + "OR (o.start_date = p.start_date AND o.issued_at > p.issued_at))), "
                + "(SELECT count(*) FROM session_record s WHERE s.program_id = p.program_id "
                + "AND s.performed_at >= ((p.phase->>'startedOn')::date::timestamp AT TIME ZONE 'UTC') AND s.performed_at <= ?), "
                + eventTime + " FROM patient_program p WHERE p.program_id = ?")) {
            query.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            query.setObject(2, event);
            query.setObject(3, programId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                LocalDate next = row.getObject(8, LocalDate.class);
                Instant until = next == null ? FAR_FUTURE : next.atStartOfDay(ZoneOffset.UTC).toInstant();
                OffsetDateTime at = row.getObject(10, OffsetDateTime.class);
                return new Program(new ProgramSnapshot(programId, row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                        row.getInt(3), row.getInt(4), row.getObject(5, LocalDate.class), read(phase, row.getString(6)),
                        read(prescriptions, row.getString(7))), until.isBefore(FAR_FUTURE) ? until : FAR_FUTURE,
                        row.getInt(9), at == null ? null : at.toInstant());
            }
        }
    }

    private static <T> T read(ObjectReader reader, String json) {
        try {
            return reader.readValue(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored programme could not be read", e);
        }
    }

    private List<WorkoutLogged> sessions(Connection connection, UUID programId, Instant from, Instant firstWeeks)
            throws SQLException {
        List<WorkoutLogged> sessions = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(SESSIONS)) {
            query.setObject(1, programId);
            query.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            query.setObject(3, OffsetDateTime.ofInstant(firstWeeks, ZoneOffset.UTC));
            query.setObject(4, programId);
            query.setInt(5, thresholds.historySessions());
            query.setObject(6, programId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    sessions.add(new WorkoutLogged(row.getObject(1, UUID.class), row.getObject(2, UUID.class), programId,
                            row.getInt(3), row.getObject(4, OffsetDateTime.class).toInstant(), row.getInt(5), row.getInt(6),
                            row.getInt(7), entries(row.getString(8)), null));
                }
            }
        }
        sessions.sort(Comparator.comparing(WorkoutLogged::performedAt).thenComparing(WorkoutLogged::sessionId));
        return sessions;
    }

    private List<WorkoutLogged.Entry> entries(String exercises) {
        try {
            return entries.readValue(exercises);
        } catch (IOException e) {
            throw new IllegalStateException("a stored session's exercises could not be read", e);
        }
    }

    private static List<PainReported> checkIns(Connection connection, UUID patientId, Instant startsAt, Instant until,
            Instant from, Instant firstWeeks) throws SQLException {
        List<PainReported> checkIns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT id, at, pain, kind FROM pain_record "
                + "WHERE patient_id = ? AND at >= ? AND at < ? AND (at >= ? OR at < ?) ORDER BY at, id")) {
            query.setObject(1, patientId);
            int p = 2;
            for (Instant at : List.of(startsAt, until, from, firstWeeks)) {
                query.setObject(p++, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            }
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    checkIns.add(new PainReported(row.getObject(1, UUID.class), patientId,
                            row.getObject(2, OffsetDateTime.class).toInstant(), row.getInt(3), PainKind.valueOf(row.getString(4)), null));
                }
            }
        }
        return checkIns;
    }
}
