package org.rehabloop.infra;

import java.util.List;

/** A running PostgreSQL with one database per service, and a running Kafka with the topics of DESIGN.md. */
public interface Infrastructure extends AutoCloseable {

    /** One database per service: a service never reads another's tables. */
    List<String> DATABASES = List.of("plan", "logging", "assessment");

    String jdbcUrl(String database);

    String username();

    String password();

    String bootstrapServers();

    @Override
    void close();

    /**
     * Starts the infrastructure for tests: the embedded parts by default, Testcontainers when the system property
     * {@code rehabloop.infra=testcontainers} asks for it (a machine with Docker).
     */
    static Infrastructure startForTests() {
        if ("testcontainers".equals(System.getProperty("rehabloop.infra"))) {
            return ContainerInfrastructure.start();
        }
        return EmbeddedInfrastructure.startTemporary();
    }
}
