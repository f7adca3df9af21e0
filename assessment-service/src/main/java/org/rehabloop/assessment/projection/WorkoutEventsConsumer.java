package org.rehabloop.assessment.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.assessment.alert.AlertService;
import org.rehabloop.kit.inbox.IncomingEvent;
import org.rehabloop.kit.jdbc.Sql;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.rehabloop.kit.tx.AfterCommit;
import org.rehabloop.kit.tx.Consuming;
import org.rehabloop.kit.tx.PerTransaction;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Topics;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Sessions and check-ins join the history at their event time; then the rules run for the programme they belong to.
 * Taken a poll at a time (see {@link org.rehabloop.kit.tx.Consuming#onceEach}): a patient's events in order, patients
 * in parallel lanes. The rules run once a transaction's events are stored, for each programme over one reading of its
 * history: with a backlog (under load, a new instance replaying the topic) a transaction holds several events of a
 * patient, and each would otherwise read the same history again. What a transaction's events share is done in one
 * statement for all of them rather than one each: their patients' locks, their sessions' rows, the histories of
 * their programmes.
 *
 * <p>A transaction of at least {@code rehabloop.assessment.backlog-from} events, the oldest of which waited in the topic
 * at least {@code rehabloop.assessment.backlog-after}, is a backlog: its sessions are stored unjudged and the
 * {@link BacklogJudge} judges them a programme at a time, with the later sessions of those programmes (a session whose
 * programme has sessions waiting waits too, so that each programme's sessions are judged in order).
 * Check-ins are judged as they come, over a history that holds every stored session.
 */
@ApplicationScoped
public class WorkoutEventsConsumer {
    @Inject
    ObjectMapper json;

    @Inject
    AlertService alerts;

    @Inject
    PatientLock patients;

    @Inject
    Consuming consuming;

    @Inject
    Sql sql;

    @Inject
    TransactionSynchronizationRegistry transaction;

    @Inject
    BacklogJudge backlog;

    @Inject
    AfterCommit afterCommit;

    @Inject
    ParsedSessions parsed;

    /**
     * From how many events a transaction is a backlog, whose sessions the {@link BacklogJudge} judges. Any number (1):
     * the age of its events ({@code backlog-after}) tells a backlog. When it was 32, a replay's smaller transactions
     * (a lane takes what is queued for it) were judged in the lane, whose patients' locks then waited for the judge's
     * transactions (21 ms a statement, 85 s of 180 in a replay by {@code pg_stat_statements}).
     */
    @ConfigProperty(name = "rehabloop.assessment.backlog-from", defaultValue = "1")
    int backlogFrom;

    /**
     * How long the oldest of a transaction's events must have waited in the topic for it to be a backlog. A full
     * transaction of events published seconds ago is this instance keeping up with a busy hour: its patients have an
     * event or two each, which the lane judges as cheaply as the judge would, and sooner (the judge is one thread: under
     * a paced load at 80% of the maximum, up to 1,800 sessions waited for it while the lanes kept up). A replay or a
     * catch-up after an outage reads events minutes or months old, each patient's spread thin over the topic: those the
     * judge takes a programme at a time.
     */
    @ConfigProperty(name = "rehabloop.assessment.backlog-after", defaultValue = "PT5S")
    Duration backlogAfter;

    /** This transaction's events to judge, by programme ({@link Judged}), in its registry. */
    private static final Object JUDGED = Judged.class;

    /** This transaction's sessions and check-ins in the order they came ({@link Arrived}), in its registry. */
    private static final Object ARRIVED = Arrived.class;

    /** Present in the registry of a transaction that is a backlog. */
    private static final Object BACKLOG = BacklogJudge.class;

    /**
     * The events of a programme stored in this transaction that its rules judge before it commits, in the order they
     * came (a patient's events are in order), and when the earliest of them happened.
     */
    private static final class Judged {
        final List<Trigger> triggers = new ArrayList<>();
        Instant earliest;
    }

    /**
     * A session to store (its row is written with the transaction's others, in one statement) or a stored check-in to
     * judge with the programme it belongs to.
     */
    private record Arrived(WorkoutLogged session, UUID programId, Trigger checkIn, Instant at) {
    }

    /**
     * Each event holds its patient's lock ({@link PatientLock}), taken for all of a transaction's patients at once;
     * except a backlog's sessions, which are only stored here: the {@link BacklogJudge} takes their patients' locks
     * when it judges them. Taking them here too made the lanes wait for the judge's transactions, which hold up to a
     * hundred patients' locks while they judge (sampled during a full replay: a backend waiting on one in 121 of 250
     * samples, and the instance using 41% of the cores).
     */
    @Incoming("workout-events")
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consuming.onceEach(batch, Topics.WORKOUT_EVENTS, new Consuming.Effect() {
            @Override
            public void beforeFirst(List<IncomingEvent> events) {
                if (backlog(events)) {
                    transaction.putResource(BACKLOG, Boolean.TRUE);
                }
                patients.lockAll(events.stream().filter(e -> judgedHere(e)).map(IncomingEvent::patientId).toList());
            }

            @Override
            public void apply(IncomingEvent event) throws Exception {
                if (judgedHere(event)) {
                    patients.lock(event.patientId()); // held already, unless beforeFirst was not called
                }
                WorkoutEventsConsumer.this.apply(event);
            }

            @Override
            public void afterLast() throws Exception {
                judge();
            }
        });
    }

    /**
     * At least {@code backlog-from} events, the oldest of them published at least {@code backlog-after} ago (or with no
     * time to tell).
     */
    private boolean backlog(List<IncomingEvent> events) {
        if (events.size() < backlogFrom) {
            return false;
        }
        Instant waitedLong = Instant.now().minus(backlogAfter);
        return events.stream().anyMatch(e -> e.published() == null || !e.published().isAfter(waitedLong));
    }

    /** False for a session of a backlog: it is stored unjudged, for the {@link BacklogJudge}. */
    private boolean judgedHere(IncomingEvent event) {
        return transaction.getResource(BACKLOG) == null || !EventTypes.WORKOUT_LOGGED.equals(event.type());
    }

    private void apply(IncomingEvent event) throws Exception {
        switch (event.type()) {
            case EventTypes.WORKOUT_LOGGED -> {
                arrived(new Arrived(event.data(json, WorkoutLogged.class), null, null, null));
            }
            case EventTypes.PAIN_REPORTED -> {
                PainReported checkIn = event.data(json, PainReported.class);
                if (PainRecord.findById(checkIn.checkInId()) == null) {
                    PainRecord pain = new PainRecord();
                    pain.id = checkIn.checkInId();
                    pain.patientId = checkIn.patientId();
                    pain.at = checkIn.at();
                    pain.pain = checkIn.pain();
                    pain.kind = checkIn.kind();
                    // a check-in names no programme: it belongs to the one the patient was on at its time
                    Optional<PatientProgram> program = PatientProgram.at(checkIn.patientId(), checkIn.at());
                    pain.assessed = program.isPresent();
                    pain.persist();
                    program.ifPresent(p -> arrived(new Arrived(null, p.programId, Trigger.checkIn(checkIn.checkInId()), checkIn.at())));
                }
            }
            default -> {
                // not for us
            }
        }
    }

    private void arrived(Arrived arrived) {
        PerTransaction.get(transaction, ARRIVED, ArrayList<Arrived>::new).add(arrived);
    }

    /**
     * Stores the transaction's sessions, then queues for judging, in the order they came, those stored now to be judged
     * here (written once, already marked assessed; else judged by the {@link BacklogJudge}, once plan.issued has come
     * for a programme not known yet) and the check-ins.
     */
    private void storeArrived() throws JsonProcessingException {
        List<Arrived> arrived = PerTransaction.get(transaction, ARRIVED, ArrayList<Arrived>::new);
        List<Arrived> taken = new ArrayList<>(arrived);
        arrived.clear();
        boolean inBacklog = transaction.getResource(BACKLOG) != null;
        Set<UUID> assessed = store(taken.stream().map(Arrived::session).filter(Objects::nonNull).toList(), inBacklog);
        if (taken.stream().anyMatch(a -> a.session() != null && !assessed.contains(a.session().sessionId()))) {
            afterCommit.run(backlog::wake);
        }
        for (Arrived a : taken) {
            if (a.session() == null) {
                judgeLater(a.programId(), a.checkIn(), a.at());
            } else if (assessed.contains(a.session().sessionId())) {
                judgeLater(a.session().programId(), Trigger.session(a.session().sessionId()), a.session().performedAt());
            }
        }
    }

    private void judgeLater(UUID programId, Trigger trigger, Instant at) {
        Map<UUID, Judged> programmes = PerTransaction.get(transaction, JUDGED, LinkedHashMap::new);
        Judged judged = programmes.computeIfAbsent(programId, id -> new Judged());
        judged.triggers.add(trigger);
        judged.earliest = judged.earliest == null || at.isBefore(judged.earliest) ? at : judged.earliest;
    }

    /**
     * The rules for what this transaction stored, each programme's events in the order they came, all judged as of now
     * over the history they are all in (as when they wait for their programme: {@link AlertService#assessAll}); the
     * histories of all its programmes are read at once.
     */
    private void judge() throws JsonProcessingException {
        storeArrived();
        Map<UUID, Judged> programmes = PerTransaction.get(transaction, JUDGED, LinkedHashMap::new);
        Map<UUID, List<Trigger>> triggers = new LinkedHashMap<>();
        Map<UUID, Instant> earliest = new LinkedHashMap<>();
        programmes.forEach((programId, judged) -> {
            triggers.put(programId, judged.triggers);
            earliest.put(programId, judged.earliest);
        });
        programmes.clear();
        alerts.assessEach(triggers, earliest);
    }

    /**
     * Stores the sessions not stored yet (a second event about one changes nothing), each marked assessed (judged in
     * this transaction) when its programme is known and has no sessions waiting, and none when {@code inBacklog}: one
     * statement for all, the exercises written as the JSON they came in rather than through an entity, and kept parsed
     * ({@link ParsedSessions}) for the histories that will hold them. The ids of those stored now and marked assessed.
     */
    private Set<UUID> store(List<WorkoutLogged> sessions, boolean inBacklog) throws JsonProcessingException {
        if (sessions.isEmpty()) {
            return Set.of();
        }
        int n = sessions.size();
        UUID[] ids = new UUID[n];
        UUID[] patients = new UUID[n];
        UUID[] programmes = new UUID[n];
        Integer[] versions = new Integer[n];
        String[] performedAt = new String[n];
        Integer[] minutes = new Integer[n];
        Integer[] rpe = new Integer[n];
        Integer[] painBefore = new Integer[n];
        String[] exercises = new String[n];
        Map<UUID, WorkoutLogged> first = new HashMap<>();
        for (int i = 0; i < n; i++) {
            WorkoutLogged s = sessions.get(i);
            first.putIfAbsent(s.sessionId(), s);
            ids[i] = s.sessionId();
            patients[i] = s.patientId();
            programmes[i] = s.programId();
            versions[i] = s.programVersion();
            performedAt[i] = s.performedAt() == null ? null : s.performedAt().toString();
            minutes[i] = s.durationMinutes();
            rpe[i] = s.sessionRpe();
            painBefore[i] = s.painBefore();
            exercises[i] = json.writeValueAsString(s.exercises());
        }
        return sql.query("INSERT INTO session_record (id, patient_id, program_id, program_version, performed_at, "
                + "duration_minutes, session_rpe, pain_before, exercises, assessed) "
                + "SELECT s.id, s.patient_id, s.program_id, s.program_version, s.performed_at, s.duration_minutes, "
                + "s.session_rpe, s.pain_before, CAST(s.exercises AS jsonb), "
                + "NOT CAST(? AS boolean) AND EXISTS (SELECT 1 FROM patient_program p WHERE p.program_id = s.program_id) "
                + "AND NOT EXISTS (SELECT 1 FROM session_record w WHERE w.program_id = s.program_id AND NOT w.assessed) "
                + "FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS int[]), "
                + "CAST(CAST(? AS text[]) AS timestamptz[]), CAST(? AS int[]), CAST(? AS int[]), CAST(? AS int[]), "
                + "CAST(? AS text[])) WITH ORDINALITY AS s (id, patient_id, program_id, program_version, performed_at, "
                + "duration_minutes, session_rpe, pain_before, exercises, ord) "
                // the first of two events about one session is the one stored
                + "ORDER BY s.ord ON CONFLICT (id) DO NOTHING RETURNING id, assessed", (statement, connection) -> {
                    statement.setBoolean(1, inBacklog);
                    statement.setArray(2, connection.createArrayOf("uuid", ids));
                    statement.setArray(3, connection.createArrayOf("uuid", patients));
                    statement.setArray(4, connection.createArrayOf("uuid", programmes));
                    statement.setArray(5, connection.createArrayOf("int4", versions));
                    statement.setArray(6, connection.createArrayOf("text", performedAt));
                    statement.setArray(7, connection.createArrayOf("int4", minutes));
                    statement.setArray(8, connection.createArrayOf("int4", rpe));
                    statement.setArray(9, connection.createArrayOf("int4", painBefore));
                    statement.setArray(10, connection.createArrayOf("text", exercises));
                }, rows -> {
                    Set<UUID> assessed = new HashSet<>();
                    while (rows.next()) {
                        UUID id = rows.getObject(1, UUID.class);
                        parsed.stored(id, first.get(id).exercises());
                        if (rows.getBoolean(2)) {
                            assessed.add(id);
                        }
                    }
                    return assessed;
                });
    }
}
