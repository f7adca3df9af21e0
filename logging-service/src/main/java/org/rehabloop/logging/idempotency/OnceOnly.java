package org.rehabloop.logging.idempotency;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.kit.problem.ProblemException;

import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Stores what a phone sent under its own id once. A retry of the same body by the same patient answers with what is
 * stored; another body under that id is a 409. The usual request, a new id with a valid body, costs one statement: the
 * record is inserted with {@code ON CONFLICT (id) DO NOTHING} and with the checks that need the database in the same
 * statement, which is its own transaction (autocommit: the record and its outbox event are durable when it returns,
 * with no transaction manager around it); only when it stored nothing is the stored record looked for, in a transaction,
 * and, when there is none, the reason asked for. When two requests with the same id race, the database's primary key
 * lets one in; the other's insert waits for it and stores nothing, and its look finds the stored row and answers as a
 * retry would (200 or 409), never 500.
 */
@ApplicationScoped
public class OnceOnly {
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    BodyHash bodyHash;

    /** Nothing stored, no record under the id, and no reason why: something changed between the statements. */
    private static final class ChangedMeanwhile extends RuntimeException {
        ChangedMeanwhile() {
            super("the database changed between the insert and the look", null, false, false);
        }
    }

    /** The stored record, and whether this call created it (false: a retry of the same body). */
    public record Stored<T extends PhoneRecord>(T record, boolean created) {
    }

    /**
     * @param what   how the record is named in a conflict ("Session 0f3e...")
     * @param create given the body's hash, stores the record and its event when the id is free and the request may be
     *               stored, and answers it; else stores nothing and answers null (it never refuses a request: a retry of
     *               a stored body is answered from {@code find}, even when it could not be stored today). It is called
     *               outside any transaction and writes in one statement that commits on its own
     *               ({@code Outbox.publishCommittedWith})
     * @param find   the record stored under the request's id, or null
     * @param refuse throws the reason a request that is not stored under its id cannot be stored (a 4xx)
     */
    public <T extends PhoneRecord> Stored<T> store(UUID patientId, Object request, String what,
            Function<String, T> create, Supplier<T> find, Runnable refuse) {
        String hash = bodyHash.of(request);
        Supplier<Stored<T>> attempt = () -> {
            T created = create.apply(hash);
            if (created != null) {
                return new Stored<>(created, true);
            }
            return QuarkusTransaction.requiringNew().call(() -> {
                T existing = find.get();
                if (existing == null) {
                    refuse.run();
                    throw new ChangedMeanwhile(); // a programme learnt between the two statements, say: once more
                }
                if (existing.patientId.equals(patientId) && existing.bodyHash.equals(hash)) {
                    return new Stored<>(existing, false);
                }
                throw ProblemException.conflict(what + " was already logged with a different body");
            });
        };
        try {
            return attempt.get();
        } catch (RuntimeException e) {
            if (!changedMeanwhile(e)) {
                throw e;
            }
            return attempt.get();
        }
    }

    static boolean changedMeanwhile(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ChangedMeanwhile
                    || cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
