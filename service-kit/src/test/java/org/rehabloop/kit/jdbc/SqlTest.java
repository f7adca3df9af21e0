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

    @Test
    void aStatementIsUndoneWithItsTransaction() {
        String resource = "sql-test-" + UUID.randomUUID();
        QuarkusTransaction.begin();
        sql.update(INSERT, Instant.now(), "kafka", null, "test", resource, null, AuditRecord.Outcome.ALLOWED, 200);
        assertThat(sql.single("SELECT count(*) FROM audit_record WHERE resource_id = ?", Long.class, resource)).isEqualTo(1L);
        QuarkusTransaction.rollback();

        assertThat(QuarkusTransaction.requiringNew().call(() ->
                sql.single("SELECT count(*) FROM audit_record WHERE resource_id = ?", Long.class, resource))).isZero();
    }

    @Test
    void aQueryWithoutRowsHasNoSingleValue() {
        assertThat(QuarkusTransaction.requiringNew().call(() ->
                sql.single("SELECT patient_id FROM audit_record WHERE resource_id = ?", UUID.class, "none-" + UUID.randomUUID())))
                .isNull();
    }
}
