package org.rehabloop.kit.jdbc;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.rehabloop.kit.audit.AuditRecord;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain statements bind what the services pass them, and belong to the caller's transaction. */
@QuarkusTest
class SqlTest {
    private static final String INSERT = "INSERT INTO audit_record (at, subject, role, action, resource_id, patient_id, outcome, status) "
            + "VALUES (?, ?, CAST(? AS varchar), ?, ?, ?, ?, ?)";

    @Inject
    Sql sql;

    @Test
    void anInstantAnEnumANullAndAUuidAreStoredAsTheColumnsHoldThem() {
        Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
        UUID patient = UUID.randomUUID();
        String resource = "sql-test-" + UUID.randomUUID();
        int inserted = QuarkusTransaction.requiringNew().call(() ->
                sql.update(INSERT, at, "kafka", null, "test", resource, patient, AuditRecord.Outcome.DENIED, 404));

        assertThat(inserted).isEqualTo(1);
        String row = QuarkusTransaction.requiringNew().call(() -> sql.query(
                "SELECT at, role, patient_id, outcome, status FROM audit_record WHERE resource_id = ?", rows -> {
                    assertThat(rows.next()).isTrue();
                    return rows.getObject(1, OffsetDateTime.class).toInstant() + "|" + rows.getString(2) + "|"
                            + rows.getObject(3, UUID.class) + "|" + rows.getString(4) + "|" + rows.getInt(5);
                }, resource));
        assertThat(row).isEqualTo(at.truncatedTo(ChronoUnit.MICROS) + "|null|" + patient + "|DENIED|404");
    }

    /** Audit rows of {@code resource} this transaction sees. */
    private long recorded(String resource) {
        return sql.single("SELECT count(*) FROM audit_record WHERE resource_id = ?", Long.class, resource);
    }

    @Test
    void aStatementIsUndoneWithItsTransaction() {
        String resource = "sql-test-" + UUID.randomUUID();
        QuarkusTransaction.begin();
        sql.update(INSERT, Instant.now(), "kafka", null, "test", resource, null, AuditRecord.Outcome.ALLOWED, 200);
        assertThat(recorded(resource)).isEqualTo(1L);
        QuarkusTransaction.rollback();

        assertThat(QuarkusTransaction.requiringNew().call(() -> recorded(resource))).isZero();
    }

    @Test
    void statementsAndEntitiesOfOneTransactionShareItsConnection() {
        String resource = "sql-test-" + UUID.randomUUID();
        QuarkusTransaction.begin();
        AuditRecord entity = new AuditRecord();
        entity.at = Instant.now();
        entity.subject = "kafka";
        entity.action = "test";
        entity.resourceId = resource;
        entity.outcome = AuditRecord.Outcome.ALLOWED;
        entity.status = 200;
        entity.persistAndFlush();
        // the entity's flushed row is seen by a statement, and the statement's row by the entity manager's query
        assertThat(recorded(resource)).isEqualTo(1L);
        sql.update(INSERT, Instant.now(), "kafka", null, "test", resource, null, AuditRecord.Outcome.ALLOWED, 200);
        assertThat(AuditRecord.count("resourceId", resource)).isEqualTo(2L);
        QuarkusTransaction.rollback();

        assertThat(QuarkusTransaction.requiringNew().call(() -> recorded(resource))).isZero();
    }

    @Test
    void everyRowWrittenWithAChangeIsWrittenExactlyWhenTheChangeAnswersARow() {
        String resource = "sql-test-" + UUID.randomUUID();
        String into = "INSERT INTO audit_record (at, subject, role, action, resource_id, patient_id, outcome, status) ";
        String values = "now(), 'kafka', NULL, CAST(? AS varchar), CAST(? AS varchar), NULL, 'ALLOWED', 200";
        for (boolean changed : new boolean[] {false, true}) {
            int written = QuarkusTransaction.requiringNew().call(() -> sql.insertWith(
                    "SELECT 1 AS one WHERE CAST(? AS boolean)", new Object[] {changed},
                    java.util.List.of(new Sql.Into(into, values, "first", resource), new Sql.Into(into, values, "second", resource))));
            assertThat(written).isEqualTo(changed ? 1 : 0);
        }
        String actions = QuarkusTransaction.requiringNew().call(() -> sql.<String>query(
                "SELECT string_agg(action, ',' ORDER BY action) FROM audit_record WHERE resource_id = ?",
                rows -> rows.next() ? rows.getString(1) : null, resource));
        assertThat(actions).isEqualTo("first,second");
    }

    @Test
    void theSameChangeWithMoreRowsToWriteWritesThemAll() {
        String resource = "sql-test-" + UUID.randomUUID();
        String into = "INSERT INTO audit_record (at, subject, role, action, resource_id, patient_id, outcome, status) ";
        String values = "now(), 'kafka', NULL, CAST(? AS varchar), CAST(? AS varchar), NULL, 'ALLOWED', 200";
        String change = "SELECT 1 AS one WHERE CAST(? AS boolean)";
        // the statements are composed once and kept by their parts: one row, two rows, then one row again
        for (java.util.List<String> actions : java.util.List.of(java.util.List.of("a"), java.util.List.of("b", "c"),
                java.util.List.of("d"))) {
            QuarkusTransaction.requiringNew().run(() -> sql.insertWith(change, new Object[] {true},
                    actions.stream().map(action -> new Sql.Into(into, values, action, resource)).toList()));
        }
        String written = QuarkusTransaction.requiringNew().call(() -> sql.<String>query(
                "SELECT string_agg(action, ',' ORDER BY action) FROM audit_record WHERE resource_id = ?",
                rows -> rows.next() ? rows.getString(1) : null, resource));
        assertThat(written).isEqualTo("a,b,c,d");
    }

    @Test
    void aQueryWithoutRowsHasNoSingleValue() {
        assertThat(QuarkusTransaction.requiringNew().call(() ->
                sql.single("SELECT patient_id FROM audit_record WHERE resource_id = ?", UUID.class, "none-" + UUID.randomUUID())))
                .isNull();
    }
}
