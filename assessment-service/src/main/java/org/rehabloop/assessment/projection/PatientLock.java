package org.rehabloop.assessment.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.kit.jdbc.Sql;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.rehabloop.kit.inbox.IncomingEvent;
import org.rehabloop.kit.tx.Consuming;
import org.rehabloop.kit.tx.PerTransaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * One patient's events are judged one at a time, whichever topic, consumer or instance they come from. Without it a
 * session and its programme's plan.issued, consumed at the same moment from two topics, each miss the other's
 * uncommitted row and the session is never assessed. Held until the caller's transaction ends.
 */
@ApplicationScoped
public class PatientLock {
    /** The first key of the two-key advisory locks, so these never meet the relay's or the feed's one-key locks. */
    private static final int PATIENT_LOCKS = 0x50415449;

    @Inject
    Sql sql;

    @Inject
    Consuming consuming;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /** The patients whose lock this transaction holds, in the transaction's registry. */
    private static final Object HELD = PatientLock.class;

    /** Applies each event of {@code batch} once (see {@link Consuming#onceEach}), each holding its patient's lock. */
    public CompletionStage<Void> applyEach(KafkaRecordBatch<String, String> batch, String consumer,
            Consuming.Effect effect) {
        return consuming.onceEach(batch, consumer, locked(effect));
    }

    /**
     * The locks of a run's patients are taken before its first event, at once and in one order (so two transactions
     * taking theirs at once never each wait for the other); its {@code afterLast} needs none of its own. A lane's
     * transaction with both topics' events takes them a run at a time, so the {@link BacklogJudge}, which takes a hundred
     * patients' at once, waits for none ({@link #tryLockAll}): when it did, it and a lane each waited for a lock the
     * other held, PostgreSQL broke the deadlock after a second (deadlock_timeout), and the judge's work was lost (48
     * times in one benchmark run, the loop stalled with a third of the cores idle).
     */
    private Consuming.Effect locked(Consuming.Effect effect) {
        return new Consuming.Effect() {
            @Override
            public void beforeFirst(List<IncomingEvent> events) throws Exception {
                lockAll(events.stream().map(IncomingEvent::patientId).toList());
                effect.beforeFirst(events);
            }

            @Override
            public void apply(IncomingEvent event) throws Exception {
                lock(event.patientId()); // held already, unless beforeFirst was not called
                effect.apply(event);
            }

            @Override
            public void afterLast() throws Exception {
                effect.afterLast();
            }
        };
    }

    /** {@link #lock} for each of {@code patientIds} (nulls are not patients), in one statement, in the order of their keys. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockAll(Collection<UUID> patientIds) {
        Set<UUID> held = PerTransaction.get(transaction, HELD, HashSet::new);
        Integer[] keys = patientIds.stream().filter(id -> id != null && held.add(id)).map(UUID::hashCode)
                .distinct().sorted().toArray(Integer[]::new);
        if (keys.length > 0) {
            sql.query("SELECT count(pg_advisory_xact_lock(?, k)) FROM (SELECT k FROM unnest(CAST(? AS int[])) AS k "
                            + "ORDER BY k) keys", (statement, connection) -> {
                        statement.setInt(1, PATIENT_LOCKS);
                        statement.setArray(2, connection.createArrayOf("int4", keys));
                    }, rows -> rows.next());
        }
    }

    /**
     * Takes the locks of those of {@code patientIds} that no other transaction holds, without waiting, in one statement;
     * the patients whose lock this transaction now holds (those it held already included). For work that can come back
     * for the others: one that never waits is never part of a deadlock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> tryLockAll(Collection<UUID> patientIds) {
        Set<UUID> held = PerTransaction.get(transaction, HELD, HashSet::new);
        Map<Integer, List<UUID>> byKey = new HashMap<>();
        patientIds.stream().filter(id -> id != null && !held.contains(id)).distinct()
                .forEach(id -> byKey.computeIfAbsent(id.hashCode(), k -> new ArrayList<>()).add(id));
        Set<UUID> locked = new HashSet<>(patientIds.stream().filter(held::contains).toList());
        if (byKey.isEmpty()) {
            return locked;
        }
        Integer[] keys = byKey.keySet().stream().sorted().toArray(Integer[]::new);
        sql.query("SELECT k FROM unnest(CAST(? AS int[])) AS k WHERE pg_try_advisory_xact_lock(?, k)",
                (statement, connection) -> {
                    statement.setArray(1, connection.createArrayOf("int4", keys));
                    statement.setInt(2, PATIENT_LOCKS);
                }, rows -> {
                    while (rows.next()) {
                        byKey.get(rows.getInt(1)).forEach(id -> {
                            held.add(id);
                            locked.add(id);
                        });
                    }
                    return null;
                });
        return locked;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(UUID patientId) {
        if (patientId == null) {
            return; // not a patient's event: nothing to keep in order
        }
        Set<UUID> held = PerTransaction.get(transaction, HELD, HashSet::new);
        if (held.add(patientId)) {
            // a lane's transaction often holds several events of a patient: the lock, held until it ends, is taken once
            sql.query("SELECT pg_advisory_xact_lock(?, ?)", rows -> rows.next(), PATIENT_LOCKS, patientId.hashCode());
        }
    }
}
