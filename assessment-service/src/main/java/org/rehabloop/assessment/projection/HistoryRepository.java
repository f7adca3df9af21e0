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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * each session to compare at commit. A session's exercises are parsed once ({@link ParsedSessions}), not every time a
 * window holding it is read.
 */
@ApplicationScoped
public class HistoryRepository {
    /** PostgreSQL's timestamptz ends long before {@link Instant#MAX}. */
    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");

    /** The columns of a session the rules read (its exercises are kept parsed: {@link ParsedSessions}). */
    private static final String SESSION_COLUMNS = "id, patient_id, program_version, performed_at, duration_minutes, session_rpe, pain_before";

    /**
     * For each programme ({@code program_id, from_at, first_weeks}), four disjoint parts, each one range scan of the
     * (program_id, performed_at) index returning the rows themselves: 0, the window the rules look at ({@code
     * performed_at} from the window's start); 1, the programme's first weeks before that window; 2, the latest sessions
     * between the first weeks and the window (at most {@code historySessions}: how many of them belong to the latest
     * sessions depends on how many the window holds, {@link #latest}); 3, the first session between the first weeks and
     * the window (the programme's first session when part 1 is empty). Disjoint, so no union has to remove duplicates
     * and no row is fetched twice (a union of ids joined back to the table cost three times as much, 0.6 ms for five
     * programmes of 20 sessions against 0.18).
     */
    private static final String SESSIONS = "SELECT c.program_id, s.part, s.id, s.patient_id, s.program_version, "
            + "s.performed_at, s.duration_minutes, s.session_rpe, s.pain_before "
            + "FROM unnest(CAST(? AS uuid[]), CAST(CAST(? AS text[]) AS timestamptz[]), CAST(CAST(? AS text[]) AS timestamptz[])) "
            + "AS c (program_id, from_at, first_weeks) CROSS JOIN LATERAL ("
            + "SELECT 0 AS part, " + SESSION_COLUMNS + " FROM session_record "
            + "WHERE program_id = c.program_id AND performed_at >= c.from_at "
            + "UNION ALL SELECT 1, " + SESSION_COLUMNS + " FROM session_record "
            + "WHERE program_id = c.program_id AND performed_at < least(c.from_at, c.first_weeks) "
            + "UNION ALL (SELECT 2, " + SESSION_COLUMNS + " FROM session_record "
            + "WHERE program_id = c.program_id AND performed_at >= c.first_weeks AND performed_at < c.from_at "
            + "ORDER BY performed_at DESC, id DESC LIMIT ?) "
            + "UNION ALL (SELECT 3, " + SESSION_COLUMNS + " FROM session_record "
            + "WHERE program_id = c.program_id AND performed_at >= c.first_weeks AND performed_at < c.from_at "
            + "ORDER BY performed_at, id LIMIT 1)) s";

    /** For each programme: its patient's check-ins from its start until the next took over, in the same windows. */
    private static final String CHECK_INS = "SELECT c.program_id, r.id, r.patient_id, r.at, r.pain, r.kind "
            + "FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(CAST(? AS text[]) AS timestamptz[]), "
            + "CAST(CAST(? AS text[]) AS timestamptz[]), CAST(CAST(? AS text[]) AS timestamptz[]), "
            + "CAST(CAST(? AS text[]) AS timestamptz[])) AS c (program_id, patient_id, starts_at, until, from_at, first_weeks) "
            + "JOIN pain_record r ON r.patient_id = c.patient_id AND r.at >= c.starts_at AND r.at < c.until "
            + "AND (r.at >= c.from_at OR r.at < c.first_weeks) ORDER BY r.at, r.id";

    /**
     * The programme as the rules see it, with the bounds of its history: when the patient's next programme took over
     * from it, the sessions of its current phase (counted, not read) and, last, when the event being judged happened.
     * The next programme is the first to start after this one (on the same day, the one issued later); it takes over
     * at the start of its first day. A phase starts at the start of its first day (UTC).
     */
    private static final String PROGRAM = "SELECT p.program_id, p.patient_id, p.clinician_id, p.version, "
            + "p.sessions_per_week, p.start_date, p.phase::text, p.prescriptions::text, "
            + "(SELECT min(o.start_date) FROM patient_program o WHERE o.patient_id = p.patient_id "
            + "AND o.program_id <> p.program_id AND (o.start_date > p.start_date "
            + "OR (o.start_date = p.start_date AND o.issued_at > p.issued_at))), "
            + "(SELECT count(*) FROM session_record s WHERE s.program_id = p.program_id "
            + "AND s.performed_at >= ((p.phase->>'startedOn')::date::timestamp AT TIME ZONE 'UTC') AND s.performed_at <= ?), ";

    @Inject
    RuleThresholds thresholds;

    @Inject
    EntityManager entityManager;

    @Inject
    ParsedSessions parsed;


    private final ObjectReader entries;
    private final ParsedByText<Phase> phases;
    private final ParsedByText<List<Prescription>> prescriptions;

    @Inject
    HistoryRepository(ObjectMapper json) {
        entries = json.readerFor(new TypeReference<List<WorkoutLogged.Entry>>() { });
        ObjectReader phase = json.readerFor(Phase.class);
        ObjectReader prescription = json.readerFor(new TypeReference<List<Prescription>>() { });
        phases = new ParsedByText<>(text -> read(phase, text));
        prescriptions = new ParsedByText<>(text -> {
            List<Prescription> read = read(prescription, text);
            return read == null ? null : Collections.unmodifiableList(new ArrayList<>(read));
        });
    }

    /**
     * Programmes' phases and prescriptions, parsed, by their stored JSON text. Every event's history reads its
     * programme's, and a clinic's programmes carry a few sets of doses between them (a template's, adjusted a step or
     * two), so the text is looked up rather than parsed again: parsing them was about 4% of assessment-service's CPU
     * under the benchmark's loads (JFR samples). Keyed by the text itself, a copy is never stale. The most recently
     * used are kept.
     */
    private static final class ParsedByText<T> {
        private static final int MOST = 2000;
        private final java.util.function.Function<String, T> parse;
        private final Map<String, T> kept = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > MOST;
            }
        };

        ParsedByText(java.util.function.Function<String, T> parse) {
            this.parse = parse;
        }

        T get(String text) {
            synchronized (kept) {
                T known = kept.get(text);
                if (known != null) {
                    return known;
                }
            }
            T parsed = parse.apply(text);
            if (parsed != null) {
                synchronized (kept) {
                    kept.put(text, parsed);
                }
            }
            return parsed;
        }
    }

    /** The history of the programme {@code programId}, or empty while plan-service's event has not arrived. */
    public Optional<History> of(UUID programId, Trigger trigger, Instant now) {
        String eventTime = trigger.sessionId() != null ? "(SELECT performed_at FROM session_record WHERE id = ?)"
                : trigger.checkInId() != null ? "(SELECT at FROM pain_record WHERE id = ?)" : "CAST(? AS timestamptz)";
        return read(programId, eventTime, trigger.sessionId() != null ? trigger.sessionId() : trigger.checkInId(), now);
    }

    /**
     * The histories of programmes for judging their stored events, by programme ({@code earliest}: when the earliest of
     * each one's events happened): each programme's history holds the window of each of its events (the later ones'
     * windows start later). Three round trips however many programmes there are (a consumer transaction's): the
     * programmes, their sessions, their check-ins. A programme whose plan-service event has not arrived is not in it.
     */
    public Map<UUID, History> ofAll(Map<UUID, Instant> earliest, Instant now) {
        if (earliest.isEmpty()) {
            return Map.of();
        }
        flushed();
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            List<Program> programs;
            try (PreparedStatement query = connection.prepareStatement(PROGRAM + "e.event_at FROM patient_program p "
                    + "JOIN unnest(CAST(? AS uuid[]), CAST(CAST(? AS text[]) AS timestamptz[])) AS e (program_id, event_at) "
                    + "USING (program_id)")) {
                query.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                query.setArray(2, connection.createArrayOf("uuid", earliest.keySet().toArray(UUID[]::new)));
                query.setArray(3, connection.createArrayOf("text", earliest.values().stream().map(Instant::toString).toArray(String[]::new)));
                programs = programs(query);
            }
            return histories(connection, programs, now);
        });
    }

    /** @param eventTime SQL for the time of the event being judged (null: now), with one parameter: {@code event} */
    private Optional<History> read(UUID programId, String eventTime, Object event, Instant now) {
        flushed();
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            List<Program> programs;
            try (PreparedStatement query = connection.prepareStatement(PROGRAM + eventTime
                    + " FROM patient_program p WHERE p.program_id = ?")) {
                query.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                query.setObject(2, event);
                query.setObject(3, programId);
                programs = programs(query);
            }
            return Optional.ofNullable(histories(connection, programs, now).get(programId));
        });
    }

    /** What this transaction changed through entities (a check-in, the programme) must be in what is read. */
    private void flushed() {
        if (QuarkusTransaction.isActive()) {
            entityManager.flush();
        }
    }

    /**
     * The programme as the rules see it, with what its history's bounds depend on: when the patient's next programme
     * took over from it (or {@link #FAR_FUTURE}), the sessions of its current phase (counted, not read: PRG-PHASE's
     * adherence counts the whole phase, however long ago it started) and when the event being judged happened (a
     * session's performedAt, a check-in's time; null for the schedule or an event not stored). Read as a record, not an
     * entity: nothing here changes it, and an entity would be tracked until the commit.
     */
    private record Program(ProgramSnapshot snapshot, Instant until, int sessionsInPhase, Instant eventTime) {
        /** The start of the window the rules look at: {@code historyDays} before the event (or now, if later). */
        Instant from(Instant now, int historyDays) {
            return Optional.ofNullable(eventTime).filter(at -> at.isBefore(now)).orElse(now).minus(Duration.ofDays(historyDays));
        }

        Instant startsAt() {
            return snapshot.startDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /** The rows of a {@link #PROGRAM} query. */
    private List<Program> programs(PreparedStatement query) throws SQLException {
        List<Program> programs = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                programs.add(program(row));
            }
        }
        return programs;
    }

    /** A row of {@link #PROGRAM}. */
    private Program program(ResultSet row) throws SQLException {
        UUID programId = row.getObject(1, UUID.class);
        LocalDate next = row.getObject(9, LocalDate.class);
        Instant until = next == null ? FAR_FUTURE : next.atStartOfDay(ZoneOffset.UTC).toInstant();
        OffsetDateTime at = row.getObject(11, OffsetDateTime.class);
        return new Program(new ProgramSnapshot(programId, row.getObject(2, UUID.class), row.getObject(3, UUID.class),
                row.getInt(4), row.getInt(5), row.getObject(6, LocalDate.class), phases.get(row.getString(7)),
                prescriptions.get(row.getString(8))), until.isBefore(FAR_FUTURE) ? until : FAR_FUTURE,
                row.getInt(10), at == null ? null : at.toInstant());
    }

    /** The histories of {@code programs}, by programme: their sessions and check-ins in two round trips. */
    private Map<UUID, History> histories(Connection connection, List<Program> programs, Instant now) throws SQLException {
        if (programs.isEmpty()) {
            return Map.of();
        }
        int n = programs.size();
        UUID[] ids = new UUID[n];
        UUID[] patients = new UUID[n];
        String[] starts = new String[n];
        String[] untils = new String[n];
        String[] froms = new String[n];
        String[] firstWeeks = new String[n];
        for (int i = 0; i < n; i++) {
            Program program = programs.get(i);
            ids[i] = program.snapshot().programId();
            patients[i] = program.snapshot().patientId();
            starts[i] = program.startsAt().toString();
            untils[i] = program.until().toString();
            froms[i] = program.from(now, thresholds.historyDays()).toString();
            firstWeeks[i] = program.startsAt().plus(Duration.ofDays(thresholds.painStalledWindowDays())).toString();
        }
        Map<UUID, List<WorkoutLogged>> sessions = sessions(connection, ids, froms, firstWeeks);
        Map<UUID, List<PainReported>> checkIns = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(CHECK_INS)) {
            query.setArray(1, connection.createArrayOf("uuid", ids));
            query.setArray(2, connection.createArrayOf("uuid", patients));
            query.setArray(3, connection.createArrayOf("text", starts));
            query.setArray(4, connection.createArrayOf("text", untils));
            query.setArray(5, connection.createArrayOf("text", froms));
            query.setArray(6, connection.createArrayOf("text", firstWeeks));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    checkIns.computeIfAbsent(row.getObject(1, UUID.class), id -> new ArrayList<>()).add(new PainReported(
                            row.getObject(2, UUID.class), row.getObject(3, UUID.class),
                            row.getObject(4, OffsetDateTime.class).toInstant(), row.getInt(5),
                            PainKind.valueOf(row.getString(6)), null));
                }
            }
        }
        Map<UUID, History> histories = new LinkedHashMap<>();
        for (Program program : programs) {
            UUID id = program.snapshot().programId();
            List<WorkoutLogged> read = sessions.getOrDefault(id, new ArrayList<>());
            read.sort(Comparator.comparing(WorkoutLogged::performedAt).thenComparing(WorkoutLogged::sessionId));
            histories.put(id, new History(program.snapshot(), read, checkIns.getOrDefault(id, List.of()),
                    program.sessionsInPhase()));
        }
        return histories;
    }

    /**
     * The sessions of the programmes {@code ids} in their windows ({@link #SESSIONS}), by programme; their exercises
     * from {@link ParsedSessions}, and from the table (in one more round trip) only for those not parsed before.
     */
    private Map<UUID, List<WorkoutLogged>> sessions(Connection connection, UUID[] ids, String[] froms, String[] firstWeeks)
            throws SQLException {
        Map<UUID, Parts> parts = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(SESSIONS)) {
            query.setArray(1, connection.createArrayOf("uuid", ids));
            query.setArray(2, connection.createArrayOf("text", froms));
            query.setArray(3, connection.createArrayOf("text", firstWeeks));
            query.setInt(4, thresholds.historySessions());
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    UUID programId = row.getObject(1, UUID.class);
                    WorkoutLogged session = new WorkoutLogged(row.getObject(3, UUID.class), row.getObject(4, UUID.class),
                            programId, row.getInt(5), row.getObject(6, OffsetDateTime.class).toInstant(), row.getInt(7),
                            row.getInt(8), row.getInt(9), null, null);
                    parts.computeIfAbsent(programId, p -> new Parts()).add(row.getInt(2), session);
                }
            }
        }
        Map<UUID, List<WorkoutLogged>> sessions = new HashMap<>();
        List<UUID> unknown = new ArrayList<>();
        parts.forEach((programId, read) -> {
            List<WorkoutLogged> chosen = read.chosen(thresholds.historySessions());
            chosen.replaceAll(s -> {
                List<WorkoutLogged.Entry> known = parsed.get(s.sessionId());
                if (known == null) {
                    unknown.add(s.sessionId());
                    return s;
                }
                return withExercises(s, known);
            });
            sessions.put(programId, chosen);
        });
        if (unknown.isEmpty()) {
            return sessions;
        }
        Map<UUID, List<WorkoutLogged.Entry>> read = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, exercises::text FROM session_record WHERE id = ANY(?)")) {
            query.setArray(1, connection.createArrayOf("uuid", unknown.toArray(UUID[]::new)));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    UUID id = row.getObject(1, UUID.class);
                    List<WorkoutLogged.Entry> exercises = entries(row.getString(2));
                    parsed.read(id, exercises);
                    read.put(id, exercises);
                }
            }
        }
        sessions.values().forEach(list -> list.replaceAll(s -> read.containsKey(s.sessionId())
                ? withExercises(s, read.get(s.sessionId())) : s));
        return sessions;
    }

    /** The rows of one programme from {@link #SESSIONS}, by part. */
    private static final class Parts {
        private final List<WorkoutLogged> window = new ArrayList<>();
        private final List<WorkoutLogged> firstWeeks = new ArrayList<>();
        private final List<WorkoutLogged> between = new ArrayList<>();
        private WorkoutLogged firstBetween;

        void add(int part, WorkoutLogged session) {
            switch (part) {
                case 0 -> window.add(session);
                case 1 -> firstWeeks.add(session);
                case 2 -> between.add(session);
                default -> firstBetween = session;
            }
        }

        /**
         * The window, the first weeks, the latest {@code latest} sessions and the very first one. The window's sessions
         * are the latest, so of those between the first weeks and the window only the {@code latest} less the window's
         * count belong; the first session is the first weeks' earliest, or else the earliest between.
         */
        List<WorkoutLogged> chosen(int latest) {
            List<WorkoutLogged> chosen = new ArrayList<>(window);
            chosen.addAll(firstWeeks);
            between.sort(Comparator.comparing(WorkoutLogged::performedAt)
                    .thenComparing(WorkoutLogged::sessionId, HistoryRepository::asStored).reversed());
            List<WorkoutLogged> latestBetween = between.subList(0, Math.max(0, Math.min(between.size(), latest - window.size())));
            chosen.addAll(latestBetween);
            if (firstWeeks.isEmpty() && firstBetween != null
                    && latestBetween.stream().noneMatch(s -> s.sessionId().equals(firstBetween.sessionId()))) {
                chosen.add(firstBetween);
            }
            return chosen;
        }
    }

    private static WorkoutLogged withExercises(WorkoutLogged s, List<WorkoutLogged.Entry> exercises) {
        return new WorkoutLogged(s.sessionId(), s.patientId(), s.programId(), s.programVersion(), s.performedAt(),
                s.durationMinutes(), s.sessionRpe(), s.painBefore(), exercises, null);
    }

    /** PostgreSQL's order of uuids (their bytes, unsigned), which {@link UUID#compareTo} (signed) is not. */
    private static int asStored(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static <T> T read(ObjectReader reader, String json) {
        try {
            return reader.readValue(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored programme could not be read", e);
        }
    }

    private List<WorkoutLogged.Entry> entries(String exercises) {
        try {
            return entries.readValue(exercises);
        } catch (IOException e) {
            throw new IllegalStateException("a stored session's exercises could not be read", e);
        }
    }
}
