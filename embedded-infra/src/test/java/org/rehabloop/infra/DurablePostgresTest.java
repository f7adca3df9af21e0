package org.rehabloop.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack keeps patients' data: its PostgreSQL flushes every commit to disk before acknowledging it. */
class DurablePostgresTest {

    @Test
    void aClusterWhoseDataIsKeptIsDurable(@TempDir Path data) throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("postgres"), 0)) {
            assertThat(setting(server, "fsync")).isEqualTo("on");
            assertThat(setting(server, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(server, "full_page_writes")).isEqualTo("on");
            // its cache sized for the local stack's and the benchmark's data, not PostgreSQL's default 128MB
            assertThat(setting(server, "shared_buffers")).isEqualTo(EmbeddedPostgresServer.sharedBuffers());
            // and checkpoints spaced for its write rate: not one a minute, each followed by full pages in the WAL
            assertThat(setting(server, "max_wal_size")).isEqualTo(EmbeddedPostgresServer.maxWalSize());
            assertThat(setting(server, "checkpoint_timeout")).isEqualTo("15min");
        }
    }

    @Test
    void aThrowAwayClusterForTestsMayBeFast() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, 0)) {
            assertThat(setting(server, "fsync")).isEqualTo("off");
        }
    }

    private static String setting(EmbeddedPostgresServer server, String name) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("plan"), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW " + name)) {
            result.next();
            return result.getString(1);
        }
    }
}
