package org.rehabloop.assessment.alert;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The feed's numbers (the SSE event ids) follow commit order, not insert order: a stream that has sent number n must
 * never find a smaller number committed afterwards, or a reconnect with Last-Event-ID would skip that change.
 */
@QuarkusTest
class AlertFeedNumberingTest {
    @Inject
    AgroalDataSource database;

    @Test
    void aChangeInsertedFirstButCommittedLastIsNumberedLast() throws Exception {
        try (Connection slow = database.getConnection(); Connection quick = database.getConnection()) {
            slow.setAutoCommit(false);
            quick.setAutoCommit(true);
            long first = insertChange(slow);
            long second = insertChange(quick);
            assertThat(first).isLessThan(second);

            long secondSeq = await().atMost(Duration.ofSeconds(10)).until(() -> seq(second), seq -> seq != null);
            assertThat(seq(first)).as("not committed yet, so not in the feed").isNull();

            slow.commit();
            long firstSeq = await().atMost(Duration.ofSeconds(10)).until(() -> seq(first), seq -> seq != null);
            assertThat(firstSeq).isGreaterThan(secondSeq);

            try (PreparedStatement remove = quick.prepareStatement("DELETE FROM alert_change WHERE id IN (?, ?)")) {
                remove.setLong(1, first);
                remove.setLong(2, second);
                remove.executeUpdate(); // no alert behind them for other tests' streams to send
            }
        }
    }

    private static long insertChange(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alert_change (alert_id, clinician_id, type, "
                + "payload, at) VALUES (?, ?, 'rehabloop.alert.updated.v1', '{}'::jsonb, now()) RETURNING id")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, UUID.randomUUID());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The change's number as any other transaction (the feed's reader) sees it. */
    private Long seq(long id) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT seq FROM alert_change WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null; // not committed: no other transaction sees it
                }
                long seq = row.getLong(1);
                return row.wasNull() ? null : seq;
            }
        }
    }
}
