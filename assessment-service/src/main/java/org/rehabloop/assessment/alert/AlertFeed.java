package org.rehabloop.assessment.alert;

import org.rehabloop.kit.tx.AfterCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.rehabloop.kit.jdbc.Sql;
import org.rehabloop.kit.outbox.Outbox;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Alert changes for dashboards. Each change is written to {@code alert_change} (and the outbox) in the transaction
 * that made it; one reader per instance numbers the committed changes and broadcasts them to the instance's SSE
 * clients. Because the table is shared, a dashboard connected to any instance sees changes made on every instance,
 * and a reconnect with {@code Last-Event-ID} replays what it missed.
 *
 * <p>A change is numbered ({@code seq}, the SSE event id) only after it committed, by one transaction at a time
 * across instances (an advisory lock): so the numbers follow commit order, and a reader that has passed a number
 * never finds a smaller one committed later. Numbering at insert would need that lock in every alert-changing
 * transaction until its commit, which made them all wait for each other.
 */
@ApplicationScoped
public class AlertFeed {
    private static final Logger LOG = Logger.getLogger(AlertFeed.class);
    private static final long FEED_LOCK = 0x414C_4552_5446L;
    private static final int NUMBERED_AT_ONCE = 1000;

    @Inject
    Outbox outbox;

    @Inject
    Sql sql;

    @Inject
    ObjectMapper json;

    @Inject
    AfterCommit afterCommit;

    @ConfigProperty(name = "rehabloop.alerts.feed-poll-interval", defaultValue = "PT0.5S")
    Duration pollInterval;

    /**
     * How long the reader, woken by a commit, waits before it numbers: the changes of the transactions committing
     * meanwhile are numbered in the same statement (under load a wake-up came with nearly every lane transaction).
     */
    @ConfigProperty(name = "rehabloop.alerts.feed-gather", defaultValue = "PT0.05S")
    Duration gather;

    @ConfigProperty(name = "rehabloop.alerts.feed-replay-limit", defaultValue = "1000")
    int replayLimit;

    private final BroadcastProcessor<AlertChange> live = BroadcastProcessor.create();
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private volatile long lastSeq;
    /** Open streams on this instance; with none, the reader only keeps its place instead of reading every change. */
    private final AtomicInteger listeners = new AtomicInteger();
    private Thread reader;

    /** Records a change of {@code alert}: for the SSE feed and, through the outbox, for {@code assessment.alerts}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(Alert alert, boolean raised) {
        changedAll(Map.of(alert, raised));
    }

    /**
     * {@link #changed} for each of {@code changes} (an alert, and whether it was raised here), in their order, in one
     * statement: the changes and their events, however many a transaction made (a consumer's transaction judges many
     * patients' events, and when they move in step each changes an alert).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changedAll(Map<Alert, Boolean> changes) {
        if (changes.isEmpty()) {
            return;
        }
        int n = changes.size();
        UUID[] alerts = new UUID[n];
        UUID[] clinicians = new UUID[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        List<Outbox.Json> events = new ArrayList<>(n);
        int i = 0;
        for (Map.Entry<Alert, Boolean> change : changes.entrySet()) {
            Alert alert = change.getKey();
            String type = change.getValue() ? EventTypes.ALERT_RAISED : EventTypes.ALERT_UPDATED;
            String payload;
            try {
                payload = json.writeValueAsString(alert.toEvent()); // once, for the feed and for the topic
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an alert change could not be written as JSON", e);
            }
            alerts[i] = alert.id;
            clinicians[i] = alert.clinicianId;
            types[i] = type;
            payloads[i++] = payload;
            events.add(new Outbox.Json(Topics.ASSESSMENT_ALERTS, alert.patientId, type, payload));
        }
        outbox.publishAllJsonWith("INSERT INTO alert_change (alert_id, clinician_id, type, payload, at) "
                + "SELECT alert_id, clinician_id, type, CAST(payload AS jsonb), CAST(? AS timestamptz) "
                + "FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS varchar[]), CAST(? AS text[])) "
                + "WITH ORDINALITY AS c (alert_id, clinician_id, type, payload, n) ORDER BY n", 5, (statement, connection) -> {
                    Sql.bind(statement, 1, Instant.now());
                    statement.setArray(2, connection.createArrayOf("uuid", alerts));
                    statement.setArray(3, connection.createArrayOf("uuid", clinicians));
                    statement.setArray(4, connection.createArrayOf("varchar", types));
                    statement.setArray(5, connection.createArrayOf("text", payloads));
                }, events);
        afterCommit.run(() -> wakeUps.release());
    }

    /**
     * The changes after {@code afterSeq} that {@code visible} lets through, then every new one as it happens. The
     * live feed is joined before the missed changes are read, so nothing falls between the two; a change seen in
     * both is sent once.
     */
    public Multi<AlertChange> follow(Long afterSeq, Predicate<AlertChange> visible) {
        return Multi.createFrom().<AlertChange>emitter(emitter -> {
            Object lock = new Object();
            List<AlertChange> early = new ArrayList<>();
            boolean[] replaying = {true};
            long[] upTo = {afterSeq == null ? 0 : afterSeq};
            listeners.incrementAndGet();
            Cancellable subscription = live.subscribe().with(change -> {
                synchronized (lock) {
                    if (replaying[0]) {
                        early.add(change);
                    } else if (change.seq > upTo[0]) {
                        upTo[0] = change.seq;
                        emitter.emit(change);
                    }
                }
            }, emitter::complete);
            emitter.onTermination(() -> {
                listeners.decrementAndGet();
                subscription.cancel();
            });
            List<AlertChange> missed = afterSeq == null ? List.of() : QuarkusTransaction.requiringNew().call(() ->
                    AlertChange.<AlertChange>find("seq > ?1 order by seq", afterSeq).page(0, replayLimit).list());
            synchronized (lock) {
                for (AlertChange change : missed) {
                    upTo[0] = change.seq;
                    emitter.emit(change);
                }
                for (AlertChange change : early) {
                    if (change.seq > upTo[0]) {
                        upTo[0] = change.seq;
                        emitter.emit(change);
                    }
                }
                replaying[0] = false;
            }
        }).filter(visible).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    void start(@Observes StartupEvent event) {
        lastSeq = QuarkusTransaction.requiringNew().call(this::latestSeq);
        running = true;
        reader = new Thread(this::read, "alert-feed");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The instance is going: open streams end now, so the server's graceful wait for requests in flight is not held
     * up by dashboards that would never hang up. They reconnect, to another instance, with Last-Event-ID.
     */
    void closeStreams(@Observes ShutdownDelayInitiatedEvent event) {
        live.onComplete();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wakeUps.release();
        live.onComplete();
    }

    private void read() {
        while (running) {
            try {
                if (wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS) && !gather.isZero()) {
                    TimeUnit.NANOSECONDS.sleep(gather.toNanos());
                }
                wakeUps.drainPermits();
                boolean unheard = listeners.get() == 0;
                long[] latest = {lastSeq};
                while (QuarkusTransaction.requiringNew().call(() -> {
                    int numbered = number();
                    if (unheard) {
                        // no stream to feed: only keep the place, in the same transaction
                        latest[0] = latestSeq();
                    }
                    return numbered;
                }) == NUMBERED_AT_ONCE) {
                    // more were waiting
                }
                if (unheard) {
                    lastSeq = latest[0];
                    continue;
                }
                List<AlertChange> changes = QuarkusTransaction.requiringNew().call(() ->
                        AlertChange.<AlertChange>find("seq > ?1 order by seq", lastSeq).page(0, 500).list());
                for (AlertChange change : changes) {
                    lastSeq = change.seq;
                    live.onNext(change);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Alert feed could not read changes (%s); retrying", e.getMessage());
            }
        }
    }

    /**
     * Numbers the committed changes that have no number yet, in the order they were inserted; one transaction at a
     * time across instances, so each batch's numbers follow the last batch's. Returns how many it numbered.
     */
    int number() {
        sql.query("SELECT pg_advisory_xact_lock(?)", rows -> rows.next(), FEED_LOCK);
        // a statement after the lock sees every batch numbered before it (read committed)
        return sql.update("UPDATE alert_change c SET seq = n.base + n.position FROM ("
                + "SELECT id, (SELECT coalesce(max(seq), 0) FROM alert_change) AS base, "
                + "row_number() OVER (ORDER BY id) AS position FROM alert_change WHERE seq IS NULL ORDER BY id LIMIT ?"
                + ") n WHERE c.id = n.id", NUMBERED_AT_ONCE);
    }

    private long latestSeq() {
        return sql.single("SELECT coalesce(max(seq), 0) FROM alert_change", Long.class);
    }

    /** Who may see a change: the clinician of the patient, or an admin. */
    public static Predicate<AlertChange> visibleTo(UUID clinicianId, boolean admin) {
        return change -> admin || change.clinicianId.equals(clinicianId);
    }
}
