package org.rehabloop.kit.problem;

/** Telling a database that is away (try again later) from a request or an event that is wrong (never again). */
public final class DatabaseFailures {
    private DatabaseFailures() {
    }

    /**
     * True when {@code e} comes from the database being away: no connection to be had (refused, reset, acquisition
     * timed out) or the server shutting down. SQLSTATE class 08 is "connection exception"; 57P01-57P03 are the
     * server's admin shutdown, crash shutdown and cannot-connect-now.
     */
    public static boolean unavailable(Throwable e) {
        return unavailable(e, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    /** Walks causes and suppressed exceptions: a failed commit carries the driver's exception as a suppressed one. */
    private static boolean unavailable(Throwable e, java.util.Set<Throwable> seen) {
        if (e == null || !seen.add(e)) {
            return false;
        }
        if (e instanceof java.sql.SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                return true;
            }
            if (String.valueOf(sql.getMessage()).contains("acquisition timeout")) {
                return true;
            }
        }
        if (e instanceof java.net.ConnectException) {
            return true;
        }
        // a commit that failed because the server went away: the transaction manager's message may be all there is
        if (e instanceof javax.transaction.xa.XAException && lostConnection(e.getMessage())) {
            return true;
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (unavailable(suppressed, seen)) {
                return true;
            }
        }
        return unavailable(e.getCause(), seen);
    }

    private static boolean lostConnection(String message) {
        return message != null && (message.contains("terminating connection") || message.contains("connection has been closed")
                || message.contains("I/O error") || message.contains("Connection refused"));
    }
}
