package org.rehabloop.infra;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Where PostgreSQL's time went during one phase of the benchmark, statement by statement, from
 * {@code pg_stat_statements}: the server loads it when {@code REHABLOOP_PG_STATS} is set ({@link EmbeddedPostgresServer}),
 * with {@code track_planning} on, and the benchmark then empties it before a measured phase and prints it after: each
 * statement's execution and, apart, how often it was planned and what planning cost (a statement that is planned at
 * every call pays its planning at every call, which its execution time does not show). Over a whole run the figures mix the
 * phases: a run's totals put the assessment database at five times logging's statement time, most of it lock waits in
 * the catch-up after ingest alone, while during the paced load it was under twice logging's and its locks waited for
 * nothing.
 */
final class StatementStats {
    /** The server's statistics, read from its {@code postgres} database. */
    @FunctionalInterface
    interface Connect {
        Connection postgres() throws SQLException;
    }

    private final Connect connect;

    StatementStats(Connect connect) {
        this.connect = connect;
    }

    /** Whether this run's server keeps statement statistics ({@code REHABLOOP_PG_STATS} set). */
    static boolean wanted() {
        return EmbeddedPostgresServer.keepsStatementStatistics();
    }

    /** Forgets what was counted so far: the next {@link #top} covers what runs from now. */
    void reset() throws SQLException {
        try (Connection c = connect.postgres(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            st.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /**
     * Lines to print: each database's calls and execution time, then the {@code most} statements that took the longest
     * in all, each with its mean and its longest call (execution time includes waiting, for a lock or for a core): a
     * mean of 30 ms may be every call or a few of a second.
     */
    List<String> top(int most) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = connect.postgres(); Statement st = c.createStatement()) {
            try (ResultSet rows = st.executeQuery("SELECT d.datname, sum(s.calls), sum(s.total_exec_time), sum(s.rows), "
                    + "sum(s.plans), sum(s.total_plan_time) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                    + "WHERE d.datname <> 'postgres' GROUP BY 1 ORDER BY 3 DESC")) {
                while (rows.next()) {
                    lines.add(String.format("%-18s %,10d calls %10.1f s %,12d rows; planned %,d times, %.1f s",
                            rows.getString(1), rows.getLong(2), rows.getDouble(3) / 1000, rows.getLong(4),
                            rows.getLong(5), rows.getDouble(6) / 1000));
                }
            }
            try (ResultSet rows = st.executeQuery("SELECT d.datname, s.calls, s.total_exec_time, s.rows, "
                    + "regexp_replace(s.query, '\\s+', ' ', 'g'), s.max_exec_time, s.plans, s.total_plan_time "
                    + "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname <> 'postgres' "
                    + "ORDER BY s.total_exec_time + s.total_plan_time DESC LIMIT " + most)) {
                while (rows.next()) {
                    long calls = rows.getLong(2);
                    double ms = rows.getDouble(3);
                    long plans = rows.getLong(7);
                    String query = rows.getString(5);
                    lines.add(String.format("%-18s %,10d calls %10.2f s %8.3f ms/call (longest %,9.1f ms) %,12d rows; "
                                    + "planned %,d times, %.3f ms a plan  %s",
                            rows.getString(1), calls, ms / 1000, calls == 0 ? 0 : ms / calls, rows.getDouble(6),
                            rows.getLong(4), plans, plans == 0 ? 0 : rows.getDouble(8) / plans,
                            query.length() > 140 ? query.substring(0, 140) + "..." : query));
                }
            }
        }
        return lines;
    }
}
