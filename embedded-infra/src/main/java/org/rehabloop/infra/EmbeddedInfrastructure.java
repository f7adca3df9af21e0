package org.rehabloop.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** PostgreSQL from zonky's embedded binaries and a KRaft Kafka broker in this JVM: no Docker needed. */
public final class EmbeddedInfrastructure implements Infrastructure {
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
        kafka.close();
        postgres.close();
    }
}
