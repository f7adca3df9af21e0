package org.rehabloop.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's statements by phase: what ran before the reset is not counted, what ran after is, by database. */
class StatementStatsTest {

    @Test
    void countsOnlyWhatRanSinceTheReset() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.track_planning", "on").start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE clinic");
            }
            StatementStats stats = new StatementStats(() -> postgres.getPostgresDatabase().getConnection());
            try (Connection c = postgres.getDatabase("postgres", "clinic").getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE before_reset (id int)");
                stats.reset();
                st.execute("CREATE TABLE session_row (id int, notes text)");
                for (int i = 0; i < 5; i++) {
                    st.execute("INSERT INTO session_row SELECT g, 'x' FROM generate_series(1, 100) g");
                }
            }

            List<String> lines = stats.top(10);

            // first the database's totals, then its statements, the longest first
            assertThat(lines.get(0)).startsWith("clinic").contains("calls").contains("500 rows");
            assertThat(lines).anyMatch(line -> line.startsWith("clinic") && line.contains("5 calls")
                    && line.contains("ms/call (longest") && line.contains("500 rows")
                    // sent as plain text each time: planned at every call
                    && line.contains("planned 5 times") && line.contains("INSERT INTO session_row SELECT g, $1"));
            assertThat(lines).noneMatch(line -> line.contains("before_reset"));
            // the statistics' own database is not the services'
            assertThat(lines).noneMatch(line -> line.startsWith("postgres "));
        }
    }
}
