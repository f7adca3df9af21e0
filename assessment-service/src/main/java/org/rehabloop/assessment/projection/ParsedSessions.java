package org.rehabloop.assessment.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.rehabloop.contracts.WorkoutLogged;
import org.rehabloop.kit.tx.AfterCommit;
import org.rehabloop.kit.tx.PerTransaction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The exercises of stored sessions, parsed, by session id: a stored session never changes (a second event about it
 * changes nothing), so its exercises are read from the table and parsed once rather than every time a later event's
 * rules read the window it is in. Every live event's window holds a patient's last weeks of sessions, and parsing
 * them again was the largest part of judging one (a JFR profile of a loaded assessment-service: a third of its
 * samples). Which sessions a history holds is still decided by the table; this only saves reading and parsing their
 * exercises again.
 *
 * <p>The sessions this transaction stores are known to it at once ({@link #stored}) and to every transaction once it
 * has committed: one rolled back leaves nothing here. The {@code rehabloop.assessment.parsed-sessions} most recently
 * stored or read from the table are kept (from half a kilobyte for a session of two exercises to a few for ten), the
 * oldest leaving first. Not the most recently used: that order relinks an entry on every read, and the entries live in
 * the old generation of the heap, so every history read would write into it and leave cards for each young collection
 * to scan. A session still in use when it leaves is read from the table once more and kept again.
 */
@ApplicationScoped
public class ParsedSessions {
    /** This transaction's stored sessions' exercises, in its registry. */
    private static final Object STORED = ParsedSessions.class;

    @ConfigProperty(name = "rehabloop.assessment.parsed-sessions", defaultValue = "50000")
    int most;

    @Inject
    TransactionSynchronizationRegistry transaction;

    @Inject
    AfterCommit afterCommit;

    private final Map<UUID, List<WorkoutLogged.Entry>> kept = new LinkedHashMap<>(1024) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, List<WorkoutLogged.Entry>> eldest) {
            return size() > most;
        }
    };

    /** The parsed exercises of the stored session {@code id}, or null when they are not known here. */
    @SuppressWarnings("unchecked")
    public List<WorkoutLogged.Entry> get(UUID id) {
        if (transaction.getTransactionKey() != null) {
            Map<UUID, List<WorkoutLogged.Entry>> ours = (Map<UUID, List<WorkoutLogged.Entry>>) transaction.getResource(STORED);
            List<WorkoutLogged.Entry> exercises = ours == null ? null : ours.get(id);
            if (exercises != null) {
                return exercises;
            }
        }
        synchronized (kept) {
            return kept.get(id);
        }
    }

    /**
     * Exercises read from the table. Every session this service stores is {@link #stored} first, so what a transaction
     * reads that it did not store itself is committed.
     */
    public void read(UUID id, List<WorkoutLogged.Entry> exercises) {
        if (exercises != null) {
            synchronized (kept) {
                kept.put(id, unmodifiable(exercises));
            }
        }
    }

    /** The exercises of a session this transaction stores: known here for good once it commits. */
    public void stored(UUID id, List<WorkoutLogged.Entry> exercises) {
        if (exercises == null) {
            return; // read from the table as stored, like any session not known here
        }
        Map<UUID, List<WorkoutLogged.Entry>> ours = PerTransaction.get(transaction, STORED, HashMap::new);
        if (ours.isEmpty()) {
            afterCommit.run(() -> {
                synchronized (kept) {
                    kept.putAll(ours);
                }
            });
        }
        ours.put(id, unmodifiable(exercises));
    }

    /** A copy the rules cannot change for the next history (null elements kept, as the table's JSON can hold them). */
    private static List<WorkoutLogged.Entry> unmodifiable(List<WorkoutLogged.Entry> exercises) {
        return Collections.unmodifiableList(new ArrayList<>(exercises));
    }
}
