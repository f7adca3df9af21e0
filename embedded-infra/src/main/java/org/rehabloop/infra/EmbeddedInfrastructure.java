package org.rehabloop.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** PostgreSQL from zonky's embedded binaries and a KRaft Kafka broker in this JVM: no Docker needed. */
public final class EmbeddedInfrastructure implements Infrastructure {
    /** How long a stop waits for the broker; a killed broker only replays its log at the next start. */
    private static final Duration KAFKA_STOP_LIMIT = Duration.ofSeconds(20);

    private final EmbeddedPostgresServer postgres;
    private final KafkaKraftBroker kafka;

    private EmbeddedInfrastructure(EmbeddedPostgresServer postgres, KafkaKraftBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /** On free ports, with throw-away data: for tests. */
    public static EmbeddedInfrastructure startTemporary() {
        try {
            Path kafkaLogs = Files.createTempDirectory("rehabloop-kafka");
            return new EmbeddedInfrastructure(EmbeddedPostgresServer.start(null, 0),
                    KafkaKraftBroker.start(kafkaLogs, FreePorts.next(), FreePorts.next()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** On fixed ports, with data kept under {@code dataDirectory} across restarts: for the local stack. */
    public static EmbeddedInfrastructure startPersistent(Path dataDirectory, int postgresPort, int kafkaPort) {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory.resolve("postgres"), postgresPort);
        try {
            return new EmbeddedInfrastructure(postgres,
                    KafkaKraftBroker.start(dataDirectory.resolve("kafka"), kafkaPort, kafkaPort + 1));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    @Override
    public String username() {
        return EmbeddedPostgresServer.USER;
    }

    @Override
    public String password() {
        return EmbeddedPostgresServer.PASSWORD;
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** A PostgreSQL outage, for tests: the server stops and keeps its data (a cluster started persistent only). */
    public void stopPostgres() {
        postgres.stopServer();
    }

    /** The end of the outage: the server starts again on the same port and data. */
    public void startPostgres() {
        postgres.startServer();
    }

    /** The broker itself, for tests that stop and restart it. */
    public KafkaKraftBroker kafka() {
        return kafka;
    }

    @Override
    public void close() {
        // the broker first, but never wait on it forever: PostgreSQL must still get its clean shutdown
        CompletableFuture<Void> broker = CompletableFuture.runAsync(kafka::close);
        try {
            broker.get(KAFKA_STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("Kafka did not stop within " + KAFKA_STOP_LIMIT.toSeconds() + " s; stopping PostgreSQL anyway");
        } catch (ExecutionException e) {
            System.err.println("Kafka failed to stop cleanly: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        postgres.close();
    }
}
