package org.rehabloop.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * The one Quarkus test resource of the services: starts PostgreSQL and Kafka once per test JVM and hands Quarkus
 * the datasource of the service's own database (init argument {@code database}), {@code kafka.bootstrap.servers}
 * and the JWT verification key.
 */
public class InfraTestResource implements QuarkusTestResourceLifecycleManager {
    private String database = "postgres";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Infrastructure infrastructure = TestInfrastructure.get();
        return Map.of(
                "quarkus.datasource.jdbc.url", infrastructure.jdbcUrl(database),
                "quarkus.datasource.username", infrastructure.username(),
                "quarkus.datasource.password", infrastructure.password(),
                "kafka.bootstrap.servers", infrastructure.bootstrapServers(),
                "mp.jwt.verify.publickey.location", TestInfrastructure.jwtKeys().publicKeyFile().toUri().toString(),
                "mp.jwt.verify.issuer", Tokens.ISSUER);
    }

    @Override
    public void stop() {
        // the infrastructure lives until the JVM ends: the next test class reuses it
    }

    /** The key directory the tests sign with. */
    static Path keyDirectory() {
        return Path.of("target", "test-jwt");
    }
}
