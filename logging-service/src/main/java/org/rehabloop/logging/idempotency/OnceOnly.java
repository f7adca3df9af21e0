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
 * stored; another body under that id is a 409. Each attempt has its own transaction: when two requests with the same
 * id race, the database's primary key lets one in; the other's insert finds the key taken (an entity's commit fails
 * on it, a plain {@code ON CONFLICT DO NOTHING} inserts nothing, see {@link #inserted}), and its second attempt finds
 * the stored row and answers as a retry would (200 or 409), never 500.
 */
@ApplicationScoped
public class OnceOnly {
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    BodyHash bodyHash;

    /** Another request stored a record under the same id since this one looked: answered as a retry. */
    private static final class StoredMeanwhile extends RuntimeException {
        StoredMeanwhile() {
            super("a record with this id was stored meanwhile", null, false, false);
        }
    }

    /**
     * For a record inserted with {@code ON CONFLICT (id) DO NOTHING}: {@code stored} is false when another request
     * stored the id since this one looked; this attempt then ends and the next answers as for a retry.
     */
    public void inserted(boolean stored) {
        if (!stored) {
            throw new StoredMeanwhile();
        }
    }

    /** The stored record, and whether this call created it (false: a retry of the same body). */
    public record Stored<T extends PhoneRecord>(T record, boolean created) {
    }

    /**
     * @param what   how the record is named in a conflict ("Session 0f3e...")
     * @param find   the record stored under the request's id, or null
     * @param create checks the request, then builds, persists and publishes its record, given the body's hash
     */
    public <T extends PhoneRecord> Stored<T> store(UUID patientId, Object request, String what, Supplier<T> find,
            Function<String, T> create) {
        String hash = bodyHash.of(request);
        Supplier<Stored<T>> attempt = () -> {
            T existing = find.get();
            if (existing == null) {
                return new Stored<>(create.apply(hash), true);
            }
            if (existing.patientId.equals(patientId) && existing.bodyHash.equals(hash)) {
                return new Stored<>(existing, false);
            }
            throw ProblemException.conflict(what + " was already logged with a different body");
        };
        try {
            return QuarkusTransaction.requiringNew().call(attempt::get);
        } catch (RuntimeException e) {
            if (!storedMeanwhile(e)) {
                throw e;
            }
            return QuarkusTransaction.requiringNew().call(attempt::get);
        }
    }

    static boolean storedMeanwhile(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoredMeanwhile
                    || cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
