package org.rehabloop.assessment.projection;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.rehabloop.assessment.alert.AlertService;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.kit.jdbc.Sql;
import org.rehabloop.kit.lifecycle.Daemon;
import org.rehabloop.kit.tx.Consuming;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Judges the sessions that the workout consumer stored without judging them: those of a backlog, the later sessions
 * of their programmes ({@link WorkoutEventsConsumer}), and those that arrived before their programme, once its
 * plan.issued has stored it ({@link PlanEventsConsumer}). A programme's waiting sessions are judged together, in
 * event-time order, over one reading of its history; an alert they change is published once, in its state at the end.
 * In a backlog (a new instance replaying the topic, a consumer catching up) a patient's events are spread thin over the
 * topic: judged as they came, each would read the same history and rewrite and publish the same alerts again. The sessions wait in the table, so a restart loses none: the judge
 * also looks on its own every few seconds.
 */
@ApplicationScoped
public class BacklogJudge {
    private static final Logger LOG = Logger.getLogger(BacklogJudge.class);

    /** The most programmes judged in one transaction. */
    private static final int MOST_PROGRAMMES = 100;

    @Inject
    Consuming consuming;

    @Inject
    PatientLock patients;

    @Inject
    AlertService alerts;

    @Inject
    Sql sql;

    /** How long the judge sleeps when no consumer wakes it. */
    @ConfigProperty(name = "rehabloop.assessment.backlog-poll", defaultValue = "PT5S")
    Duration poll;

    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        running = true;
        thread = Daemon.start("backlog-judge", this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            Daemon.join(thread, Duration.ofSeconds(5));
        }
    }

    /** Sessions were stored to be judged here (called once their transaction has committed). */
    public void wake() {
        wakeUps.release();
    }

    private void run() {
        long wait = poll.toMillis();
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                wakeUps.tryAcquire(wait, TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                Pass pass = Pass.NONE_WAITED;
                while (running && (pass = judgeSome()) == Pass.JUDGED) {
                    // until none waits, or those that wait are their patients' lanes' for now
                }
                wait = pass == Pass.PATIENTS_BUSY ? BUSY_AGAIN.toMillis() : poll.toMillis();
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf(e, "Judging the sessions of a backlog failed; they wait, and are judged on the next pass");
                }
            }
        }
    }

    /** What a pass of the judge found. */
    enum Pass {
        /** It judged the waiting sessions of some programmes: there may be more. */
        JUDGED,
        /** No session of a programme known here waited. */
        NONE_WAITED,
        /** Sessions waited, but a lane held each of their patients: the judge comes back for them shortly. */
        PATIENTS_BUSY
    }

    /** How soon the judge looks again when the patients of the waiting sessions were busy. */
    private static final Duration BUSY_AGAIN = Duration.ofMillis(50);

    /**
     * Judges the waiting sessions of up to {@value #MOST_PROGRAMMES} programmes known here, under their patients' locks,
     * taken without waiting ({@link PatientLock#tryLockAll}): a patient whose lock a lane holds is left for the next
     * pass. A session whose programme is not known yet waits for its plan.issued ({@link PlanEventsConsumer}).
     */
    Pass judgeSome() {
        Pass[] pass = {Pass.NONE_WAITED};
        consuming.inTransaction(() -> {
            Map<UUID, UUID> programmes = new LinkedHashMap<>();
            sql.query("SELECT p.program_id, p.patient_id FROM patient_program p WHERE p.program_id IN "
                    + "(SELECT DISTINCT program_id FROM session_record WHERE NOT assessed) LIMIT ?", rows -> {
                        while (rows.next()) {
                            programmes.put(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class));
                        }
                        return null;
                    }, MOST_PROGRAMMES);
            if (programmes.isEmpty()) {
                return;
            }
            Set<UUID> locked = patients.tryLockAll(programmes.values());
            programmes.values().removeIf(patient -> !locked.contains(patient));
            if (programmes.isEmpty()) {
                pass[0] = Pass.PATIENTS_BUSY;
                return;
            }
            pass[0] = Pass.JUDGED;
            // read under the locks: the plan consumer, or another instance, may have judged some since the look above
            Map<UUID, List<Trigger>> triggers = new LinkedHashMap<>();
            Map<UUID, Instant> earliest = new LinkedHashMap<>();
            Map<UUID, List<UUID>> waiting = new LinkedHashMap<>();
            sql.query("SELECT program_id, id, performed_at FROM session_record WHERE program_id = ANY(?) AND NOT assessed "
                    + "ORDER BY performed_at, id", (statement, connection) -> statement.setArray(1,
                            connection.createArrayOf("uuid", programmes.keySet().toArray(UUID[]::new))), rows -> {
                        while (rows.next()) {
                            UUID programId = rows.getObject(1, UUID.class);
                            UUID id = rows.getObject(2, UUID.class);
                            waiting.computeIfAbsent(programId, p -> new ArrayList<>()).add(id);
                            triggers.computeIfAbsent(programId, p -> new ArrayList<>()).add(Trigger.session(id));
                            earliest.putIfAbsent(programId, rows.getObject(3, OffsetDateTime.class).toInstant());
                        }
                        return null;
                    });
            Set<UUID> judged = alerts.assessEach(triggers, earliest);
            UUID[] done = waiting.entrySet().stream().filter(e -> judged.contains(e.getKey()))
                    .flatMap(e -> e.getValue().stream()).toArray(UUID[]::new);
            if (done.length > 0) {
                sql.update("UPDATE session_record SET assessed = true WHERE id = ANY(?)", (statement, connection) ->
                        statement.setArray(1, connection.createArrayOf("uuid", done)));
            }
        });
        return pass[0];
    }
}
