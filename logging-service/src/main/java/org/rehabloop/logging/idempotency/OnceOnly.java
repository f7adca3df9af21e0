package org.rehabloop.logging.idempotency;

import io.quarkus.narayana.jta.QuarkusTransaction;

import org.rehabloop.kit.problem.ProblemException;

import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a store-once attempt in its own transaction. When two requests with the same client id race, the database's
 * primary key lets one in; the other's commit fails on the key, and its second attempt finds the stored row and
 * answers as a retry would (200 or 409), never 500.
 */
public final class OnceOnly {
    private static final String UNIQUE_VIOLATION = "23505";

    private OnceOnly() {
    }

    public static <T> T store(Supplier<T> attempt) {
        try {
            return QuarkusTransaction.requiringNew().call(attempt::get);
        } catch (RuntimeException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            return QuarkusTransaction.requiringNew().call(attempt::get);
        }
    }

    /**
     * What a phone's record already stored under its id means for this request: absent (null: store it), the same
     * body again from the same patient (a retry: answer with what is stored), or anything else (409).
     */
    public static boolean retried(PhoneRecord existing, UUID patientId, String hash, String what) {
        if (existing == null) {
            return false;
        }
        if (existing.patientId().equals(patientId) && existing.bodyHash().equals(hash)) {
            return true;
        }
        throw ProblemException.conflict(what + " was already logged with a different body");
    }

    /** A record a phone made and named with its own id: whose it is, and the hash of the body it came with. */
    public interface PhoneRecord {
        UUID patientId();

        String bodyHash();
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
