package org.rehabloop.kit.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.rehabloop.contracts.CloudEventHeaders;
import org.rehabloop.kit.jdbc.Sql;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An event id is taken once: a redelivery, even to a second consumer at the same moment, finds it taken. An accepted
 * event is in the audit trail exactly when its inbox entry is.
 */
@QuarkusTest
class InboxTest {
    @Inject
    Inbox inbox;

    @Inject
    Sql sql;

    @Test
    void anEventIsFirstDeliveredOnce() {
        String id = UUID.randomUUID().toString();
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery(id, "plan.events"))).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery(id, "plan.events"))).isFalse();
    }

    @Test
    void anEffectRolledBackLeavesTheEventToBeProcessedAgain() {
        String id = UUID.randomUUID().toString();
        QuarkusTransaction.begin();
        assertThat(inbox.firstDelivery(id, "plan.events")).isTrue();
        QuarkusTransaction.rollback();
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery(id, "plan.events"))).isTrue();
    }

    @Test
    void anAcceptedEventIsAuditedOnceUnderItsPatientAndNotAtAllWhenItsEffectRollsBack() {
        UUID patient = UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        ConsumerRecord<String, String> record = new ConsumerRecord<>("plan.events", 0, 0L, patient.toString(), "{}");
        record.headers().add(new RecordHeader(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(CloudEventHeaders.TYPE, "rehabloop.plan.issued.v1".getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(CloudEventHeaders.SUBJECT, patient.toString().getBytes(StandardCharsets.UTF_8)));

        QuarkusTransaction.begin();
        assertThat(inbox.accept(record, "plan.events")).isNotNull();
        QuarkusTransaction.rollback();
        assertThat(audited(id)).isEmpty();

        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.accept(record, "plan.events")).id()).isEqualTo(id);
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.accept(record, "plan.events"))).isNull();
        assertThat(audited(id)).containsExactly("kafka rehabloop.plan.issued.v1 " + patient + " ALLOWED 200");
        assertThat(QuarkusTransaction.requiringNew().call(() -> sql.single(
                "SELECT count(*) FROM processed_event WHERE event_id = ?", Long.class, id))).isEqualTo(1L);
    }

    @Test
    void severalRecordsAreAcceptedInOneGoEachIdOnceAndAuditedOnce() {
        UUID patient = UUID.randomUUID();
        String before = UUID.randomUUID().toString();
        String twice = UUID.randomUUID().toString();
        String once = UUID.randomUUID().toString();
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.accept(record(before, patient), "workout.events"))).isNotNull();

        List<IncomingEvent> accepted = QuarkusTransaction.requiringNew().call(() -> inbox.acceptAll(List.of(
                record(twice, patient), record(before, patient), record(once, null), record(twice, patient)), "workout.events"));

        assertThat(accepted).extracting(event -> event == null ? null : event.id()).containsExactly(twice, null, once, null);
        assertThat(audited(twice)).containsExactly("kafka rehabloop.workout.logged.v1 " + patient + " ALLOWED 200");
        assertThat(audited(before)).hasSize(1);
        assertThat(audited(once)).containsExactly("kafka rehabloop.workout.logged.v1 null ALLOWED 200");
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.acceptAll(List.of(record(once, null)), "workout.events")))
                .containsExactly((IncomingEvent) null);
    }

    @Test
    void aRecordThatIsNotAnEventTakesNoneOfTheOthers() {
        String id = UUID.randomUUID().toString();
        ConsumerRecord<String, String> noId = new ConsumerRecord<>("workout.events", 0, 0L, "k", "{}");
        QuarkusTransaction.begin();
        try {
            assertThatThrownBy(() -> inbox.acceptAll(List.of(record(id, null), noId), "workout.events"))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            QuarkusTransaction.rollback();
        }
        assertThat(audited(id)).isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery(id, "workout.events"))).isTrue();
    }

    private static ConsumerRecord<String, String> record(String id, UUID patient) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("workout.events", 0, 0L, String.valueOf(patient), "{}");
        record.headers().add(new RecordHeader(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(CloudEventHeaders.TYPE, "rehabloop.workout.logged.v1".getBytes(StandardCharsets.UTF_8)));
        if (patient != null) {
            record.headers().add(new RecordHeader(CloudEventHeaders.SUBJECT, patient.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    private List<String> audited(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> sql.query("SELECT subject, action, patient_id, outcome, status "
                + "FROM audit_record WHERE resource_id = ?", rows -> {
                    List<String> found = new java.util.ArrayList<>();
                    while (rows.next()) {
                        found.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3) + " "
                                + rows.getString(4) + " " + rows.getInt(5));
                    }
                    return found;
                }, eventId));
    }
}
