package org.rehabloop.assessment.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.kit.jdbc.Sql;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rehabloop.kit.tx.Consuming;
import org.rehabloop.kit.tx.PerTransaction;

import java.util.HashSet;
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

    /** Applies the event in {@code record} once (see {@link Consuming#once}), holding its patient's lock. */
    public void applyOnce(ConsumerRecord<String, String> record, String consumer, Consuming.Effect effect) {
        consuming.once(record, consumer, locked(effect));
    }

    /** Applies each event of {@code batch} once (see {@link Consuming#onceEach}), each holding its patient's lock. */
    public CompletionStage<Void> applyEach(KafkaRecordBatch<String, String> batch, String consumer,
            Consuming.Effect effect) {
        return consuming.onceEach(batch, consumer, locked(effect));
    }

    /** Its {@code afterLast} needs no lock of its own: the transaction holds those of its events' patients. */
    private Consuming.Effect locked(Consuming.Effect effect) {
        return Consuming.Effect.withAfterLast(event -> {
            lock(event.patientId());
            effect.apply(event);
        }, effect::afterLast);
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
