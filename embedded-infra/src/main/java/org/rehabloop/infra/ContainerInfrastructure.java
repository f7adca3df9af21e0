package org.rehabloop.infra;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.sql.DriverManager;
import java.sql.SQLException;

/** The same infrastructure on Docker (postgres and apache/kafka images), for machines that have an engine. */
final class ContainerInfrastructure implements Infrastructure {
    private final PostgreSQLContainer postgres;
    private final KafkaContainer kafka;

    private ContainerInfrastructure(PostgreSQLContainer postgres, KafkaContainer kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    static ContainerInfrastructure start() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.2.1");
        postgres.start();
        kafka.start();
        ContainerInfrastructure infrastructure = new ContainerInfrastructure(postgres, kafka);
        infrastructure.createDatabases();
        KafkaTopics.create(infrastructure.bootstrapServers());
        return infrastructure;
    }

    private void createDatabases() {
        try (var connection = DriverManager.getConnection(postgres.getJdbcUrl(), username(), password());
                var statement = connection.createStatement()) {
            for (String database : DATABASES) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the services' databases", e);
        }
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/" + database;
    }

    @Override
    public String username() {
        return postgres.getUsername();
    }

    @Override
    public String password() {
        return postgres.getPassword();
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public void close() {
        kafka.stop();
        postgres.stop();
    }
}
