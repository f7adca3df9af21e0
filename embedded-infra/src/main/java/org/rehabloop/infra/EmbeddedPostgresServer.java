package org.rehabloop.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL server (zonky's binaries), with the services' databases created. */
final class EmbeddedPostgresServer implements AutoCloseable {
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final int port;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.port = postgres.getPort();
    }

    /**
     * @param dataDirectory kept across restarts when not null, and then durable: zonky's defaults are for throwaway
     *                      test clusters (fsync, synchronous_commit and full_page_writes off), which a power cut or a
     *                      killed machine turns into lost acknowledged sessions or a corrupt cluster. A fresh
     *                      temporary directory otherwise, with the fast settings.
     * @param port 0 for any free port
     */
    static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(launch(dataDirectory, port), dataDirectory);
        server.createDatabases();
        return server;
    }

    private static EmbeddedPostgres launch(Path dataDirectory, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port);
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setServerConfig("shared_buffers", sharedBuffers())
                        .setServerConfig("max_wal_size", maxWalSize())
                        .setServerConfig("checkpoint_timeout", "15min");
            }
            if (keepsStatementStatistics()) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track_planning", "on");
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /**
     * PostgreSQL's own cache for a kept cluster (the local stack, the benchmark): {@code REHABLOOP_PG_SHARED_BUFFERS}, else
     * 1GB. The default 128MB held less than a fifth of what a benchmark run writes to the logging and assessment
     * databases, and the measured loads read about 3,500 blocks a second back from the operating system's cache.
     */
    static String sharedBuffers() {
        return setting("REHABLOOP_PG_SHARED_BUFFERS", "1GB");
    }

    /**
     * How much WAL a kept cluster writes before a checkpoint is forced: {@code REHABLOOP_PG_MAX_WAL_SIZE}, else 4GB. At
     * PostgreSQL's default 1GB a benchmark run forced a checkpoint every minute, back to back, and since the first change
     * to a page after each checkpoint writes the whole page into the WAL, a third of the WAL it wrote was such full pages.
     * Checkpoints now come every 15 minutes ({@code checkpoint_timeout}) or 4GB; the price is a longer recovery after a
     * crash and up to about that much WAL on disk.
     */
    static String maxWalSize() {
        return setting("REHABLOOP_PG_MAX_WAL_SIZE", "4GB");
    }

    /**
     * Whether the server loads {@code pg_stat_statements}: with {@code REHABLOOP_PG_STATS} set, for looking into where
     * its time goes ({@link StatementStats}); it costs a little on every statement, so not otherwise.
     */
    static boolean keepsStatementStatistics() {
        return System.getenv("REHABLOOP_PG_STATS") != null;
    }

    /** A server setting from the environment variable {@code name}, else {@code fallback}. */
    private static String setting(String name, String fallback) {
        String configured = System.getenv(name);
        return configured == null || configured.isBlank() ? fallback : configured.trim();
    }

    /** Stops the server, keeping its data: an outage. Only for a cluster whose data is kept. */
    synchronized void stopServer() {
        if (dataDirectory == null) {
            throw new IllegalStateException("a throw-away cluster cannot be stopped and started again");
        }
        close();
    }

    /** Starts the server again on its port and data, after {@link #stopServer()}. */
    synchronized void startServer() {
        postgres = launch(dataDirectory, port);
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    private void createDatabases() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String database : Infrastructure.DATABASES) {
                var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + database);
                }
            }
            statement.execute("ALTER USER " + USER + " WITH PASSWORD '" + PASSWORD + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the services' databases", e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
