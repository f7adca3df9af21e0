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
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                    return true;
                }
                if (String.valueOf(sql.getMessage()).contains("acquisition timeout")) {
                    return true;
                }
            }
            if (cause instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }
}
