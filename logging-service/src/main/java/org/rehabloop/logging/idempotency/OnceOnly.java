package org.rehabloop.logging.idempotency;

import io.quarkus.narayana.jta.QuarkusTransaction;

import java.sql.SQLException;
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

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
