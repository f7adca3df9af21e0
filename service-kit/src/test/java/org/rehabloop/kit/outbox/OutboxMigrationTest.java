package org.rehabloop.kit.outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database of a service that ran before the kit's migration 0.3 (its outbox holding sent and unsent rows, and the
 * service's own migrations applied after the kit's 0.2) is brought to the split outbox with the kit's own Flyway
 * settings: the sent rows move to outbox_sent, the unsent stay for the relay. In a schema of its own.
 */
@QuarkusTest
class OutboxMigrationTest {
    private static final String SCHEMA = "before_kit_0_3";

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.flyway.out-of-order")
    boolean outOfOrder;

    @AfterEach
    void drop() throws SQLException {
        run("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Test
    void sentRowsMoveToTheirOwnTableAndUnsentOnesStayForTheRelay() throws SQLException {
        // the kit as it was, then a service's migration after it
        flyway("db/kit").target("0.2").load().migrate();
        run("INSERT INTO " + SCHEMA + ".outbox_event (event_id, topic, message_key, shard, type, payload, occurred_at, sent_at) VALUES "
                + "('00000000-0000-0000-0000-000000000001', 't', 'k1', 3, 'x.v1', '{\"n\":1}', '2026-12-01T10:00:00Z', '2026-12-01T10:00:01Z'), "
                + "('00000000-0000-0000-0000-000000000002', 't', 'k2', 5, 'x.v1', '{\"n\":2}', '2026-12-01T10:00:02Z', NULL), "
                + "('00000000-0000-0000-0000-000000000003', 't', 'k1', 3, 'x.v1', '{\"n\":3}', '2026-12-01T10:00:03Z', '2026-12-01T10:00:04Z')");
        flyway("db/service-before-kit-0_3").ignoreMigrationPatterns("*:missing").load().migrate();

        // the kit of today with the service's migrations, as a service starts: 0.3 comes after the service's 1
        flyway("db/kit", "db/service-before-kit-0_3").outOfOrder(outOfOrder).load().migrate();

        assertThat(rows("SELECT event_id || ' ' || payload || ' ' || to_char(sent_at AT TIME ZONE 'UTC', 'HH24:MI:SS') FROM " + SCHEMA + ".outbox_sent ORDER BY id"))
                .containsExactly("00000000-0000-0000-0000-000000000001 {\"n\":1} 10:00:01",
                        "00000000-0000-0000-0000-000000000003 {\"n\":3} 10:00:04");
        assertThat(rows("SELECT event_id || ' ' || shard || ' ' || payload FROM " + SCHEMA + ".outbox_event ORDER BY id"))
                .containsExactly("00000000-0000-0000-0000-000000000002 5 {\"n\":2}");
        assertThat(rows("SELECT version FROM " + SCHEMA + ".flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank"))
                .containsExactly("0.1", "0.2", "1", "0.3");
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway(String... locations) {
        return Flyway.configure().dataSource(dataSource).schemas(SCHEMA).locations(locations);
    }

    private void run(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery(sql)) {
                while (row.next()) {
                    rows.add(row.getString(1));
                }
            }
        }
        return rows;
    }
}
