package org.rehabloop.kit.outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rehabloop.kit.jdbc.Sql;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The relay publishes what was committed, once, in each patient's order, and moves out of the outbox only what the broker took. */
@QuarkusTest
class OutboxRelayTest {
    private static final String TOPIC = "kit.relay";
    /** The events waiting in the outbox and those sent, as one table: the relay moves each from the one to the other. */
    private static final String EVERY_ROW = "(SELECT id, event_id, message_key, payload, CAST(NULL AS timestamptz) AS sent_at "
            + "FROM outbox_event UNION ALL SELECT id, event_id, message_key, payload, sent_at FROM outbox_sent) AS every_row";
    /** A change that stores its row once per id, and answers a row when it did. */
    private static final String CHANGE = "INSERT INTO processed_event (event_id, topic, processed_at) VALUES (?, ?, now()) "
            + "ON CONFLICT DO NOTHING RETURNING 1";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager entityManager;

    @Inject
    OutboxConfig config;

    @Inject
    Sql sql;

    @Inject
    AgroalDataSource dataSource;

    private KafkaCompanion kafka;

    record Step(UUID patient, int n) {
    }

    @BeforeEach
    void topic() {
        kafka = new KafkaCompanion(bootstrapServers);
        if (!kafka.topics().list().contains(TOPIC)) {
            kafka.topics().createAndWait(TOPIC, 6);
        }
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void eachPatientsEventsArriveOnceAndInTheOrderTheyWereCommitted() {
        List<UUID> patients = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<Step> steps = new ArrayList<>();
        for (UUID patient : patients) {
            for (int n = 0; n < 30; n++) {
                steps.add(new Step(patient, n));
            }
        }
        // interleave the patients at random, keeping each one's own sequence
        Collections.shuffle(steps, new Random(7));
        Map<UUID, Integer> next = new java.util.HashMap<>();
        List<Step> committed = new ArrayList<>();
        for (Step step : steps) {
            int n = next.merge(step.patient(), 1, Integer::sum) - 1;
            committed.add(new Step(step.patient(), n));
        }
        ConsumerTask<String, String> records = kafka.consumeStrings().fromTopics(TOPIC);
        for (int i = 0; i < committed.size(); i += 3) {
            List<Step> together = committed.subList(i, Math.min(i + 3, committed.size()));
            QuarkusTransaction.requiringNew().run(() -> together.forEach(step ->
                    outbox.publish(TOPIC, step.patient(), "rehabloop.test.v1", Map.of("n", step.n()))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ours(records, patients).size() >= committed.size());
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        List<ConsumerRecord<String, String>> received = ours(records, patients);
        records.stop();

        assertThat(received).hasSize(committed.size());
        Map<String, List<String>> perPatient = received.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
        for (UUID patient : patients) {
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < 30; n++) {
                expected.add("{\"n\":" + n + "}");
            }
            assertThat(perPatient.get(patient.toString())).as("patient %s", patient).isEqualTo(expected);
        }
        ConsumerRecord<String, String> first = received.get(0);
        assertThat(header(first, "ce_type")).isEqualTo("rehabloop.test.v1");
        assertThat(header(first, "ce_subject")).isEqualTo(first.key());
        assertThat(header(first, "ce_source")).isEqualTo("/service-kit-test");
        assertThat(header(first, "ce_id")).isNotBlank();
        // each published row has left the outbox for the sent ones, with what was published
        List<String> keys = patients.stream().map(UUID::toString).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> count("outbox_event", keys) == 0);
        assertThat(count("outbox_sent", keys)).isEqualTo(committed.size());
        assertThat(QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT CAST(event_id AS text) FROM outbox_sent WHERE message_key = ?1 ORDER BY id")
                .setParameter(1, first.key()).getResultList())).contains(header(first, "ce_id"));
    }

    private long count(String table, List<String> keys) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM " + table + " WHERE message_key IN (:keys)")
                .setParameter("keys", keys).getSingleResult()).longValue());
    }

    @Test
    void anEventPublishedWithAChangeAsItsOwnTransactionIsCommittedAndSentAtOnceAndRefusedInsideATransaction() {
        UUID patient = UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        ConsumerTask<String, String> records = kafka.consumeStrings().fromTopics(TOPIC);
        assertThat(outbox.publishCommittedWith(CHANGE, new Object[] {id, "kit.test"}, TOPIC, patient,
                "rehabloop.test.v1", Map.of("n", 1))).isTrue();
        // committed as it returned: another transaction sees the change and its event
        assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT (SELECT count(*) FROM processed_event WHERE event_id = ?1) + (SELECT count(*) FROM " + EVERY_ROW
                        + " WHERE message_key = ?2)").setParameter(1, id).setParameter(2, patient.toString())
                .getSingleResult()).longValue())).isEqualTo(2L);
        // the change stores nothing the second time: no event either
        assertThat(outbox.publishCommittedWith(CHANGE, new Object[] {id, "kit.test"}, TOPIC, patient,
                "rehabloop.test.v1", Map.of("n", 2))).isFalse();
        // inside a transaction it would commit apart from it: refused, nothing written
        String inside = UUID.randomUUID().toString();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> outbox.publishCommittedWith(CHANGE,
                new Object[] {inside, "kit.test"}, TOPIC, patient, "rehabloop.test.v1", Map.of("n", 3))))
                .isInstanceOf(jakarta.transaction.TransactionalException.class);

        await().atMost(Duration.ofSeconds(30)).until(() -> ours(records, List.of(patient)).size() >= 1);
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        assertThat(ours(records, List.of(patient))).extracting(ConsumerRecord::value).containsExactly("{\"n\":1}");
        assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE event_id = ?1").setParameter(1, inside)
                .getSingleResult()).longValue())).isZero();
        records.close();
    }

    @Test
    void anEventPublishedWithAChangeIsRecordedAndSentOnlyWhenTheChangeStoredItsRow() {
        UUID patient = UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        ConsumerTask<String, String> records = kafka.consumeStrings().fromTopics(TOPIC);
        assertThat(QuarkusTransaction.requiringNew().call(() -> outbox.publishWith(CHANGE, new Object[] {id, "kit.test"},
                TOPIC, patient, "rehabloop.test.v1", Map.of("n", 1)))).isTrue();
        // the change stores nothing the second time: no event either
        assertThat(QuarkusTransaction.requiringNew().call(() -> outbox.publishWith(CHANGE, new Object[] {id, "kit.test"},
                TOPIC, patient, "rehabloop.test.v1", Map.of("n", 2)))).isFalse();
        // rolled back with its change
        QuarkusTransaction.begin();
        assertThat(outbox.publishWith(CHANGE, new Object[] {UUID.randomUUID().toString(), "kit.test"}, TOPIC, patient,
                "rehabloop.test.v1", Map.of("n", 3))).isTrue();
        QuarkusTransaction.rollback();

        await().atMost(Duration.ofSeconds(30)).until(() -> ours(records, List.of(patient)).size() >= 1);
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        List<ConsumerRecord<String, String>> received = ours(records, List.of(patient));
        assertThat(received).extracting(ConsumerRecord::value).containsExactly("{\"n\":1}");
        assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM " + EVERY_ROW + " WHERE message_key = ?1").setParameter(1, patient.toString())
                .getSingleResult()).longValue())).isEqualTo(1L);
        records.close();
    }

    @Test
    void eventsPublishedAllAtOnceWithTheirChangesAreSentInTheirOrderAndRolledBackWithThem() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String[] ids = {UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString()};
        String change = "INSERT INTO processed_event (event_id, topic, processed_at) "
                + "SELECT id, ?, now() FROM unnest(CAST(? AS varchar[])) AS c (id)";
        List<Outbox.Json> events = List.of(new Outbox.Json(TOPIC, first, "rehabloop.test.v1", "{\"n\":1}"),
                new Outbox.Json(TOPIC, second, "rehabloop.test.v1", "{\"n\":2}"),
                new Outbox.Json(TOPIC, first, "rehabloop.test.v1", "{\"n\":3}"));
        ConsumerTask<String, String> records = kafka.consumeStrings().fromTopics(TOPIC);
        QuarkusTransaction.requiringNew().run(() -> outbox.publishAllJsonWith(change, 2, (statement, connection) -> {
            statement.setString(1, "kit.test");
            statement.setArray(2, connection.createArrayOf("varchar", ids));
        }, events));
        // rolled back, changes and events alike
        String[] undone = {UUID.randomUUID().toString()};
        QuarkusTransaction.begin();
        outbox.publishAllJsonWith(change, 2, (statement, connection) -> {
            statement.setString(1, "kit.test");
            statement.setArray(2, connection.createArrayOf("varchar", undone));
        }, List.of(new Outbox.Json(TOPIC, first, "rehabloop.test.v1", "{\"n\":4}")));
        QuarkusTransaction.rollback();

        await().atMost(Duration.ofSeconds(30)).until(() -> ours(records, List.of(first, second)).size() >= 3);
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        List<ConsumerRecord<String, String>> received = ours(records, List.of(first, second));
        assertThat(received).hasSize(3);
        // each patient's in the order given, the second patient's apart
        assertThat(received.stream().filter(r -> r.key().equals(first.toString())).map(ConsumerRecord::value))
                .containsExactly("{\"n\":1}", "{\"n\":3}");
        assertThat(received.stream().filter(r -> r.key().equals(second.toString())).map(ConsumerRecord::value))
                .containsExactly("{\"n\":2}");
        assertThat(received).allSatisfy(r -> assertThat(header(r, "ce_type")).isEqualTo("rehabloop.test.v1"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE event_id IN (?1, ?2, ?3, ?4)").setParameter(1, ids[0])
                .setParameter(2, ids[1]).setParameter(3, ids[2]).setParameter(4, undone[0]).getSingleResult()).longValue()))
                .isEqualTo(3L);
        // one row each, in the order given
        assertThat(QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT payload FROM " + EVERY_ROW + " WHERE message_key IN (?1, ?2) ORDER BY id")
                .setParameter(1, first.toString()).setParameter(2, second.toString()).getResultList()))
                .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        records.close();
    }

    /**
     * Requests that commit one just after another share a round (rehabloop.outbox.gather, 300 ms in the tests'
     * profile): the first commit wakes the relay, which waits for the others before it claims. A round moves its rows
     * to outbox_sent with one timestamp, so the timestamps count the rounds. Without the wait the first is claimed at once.
     */
    @Test
    void eventsCommittedTogetherArePublishedInOneRound() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            ids.add(QuarkusTransaction.requiringNew().call(() ->
                    outbox.publish(TOPIC, UUID.randomUUID(), "rehabloop.test.v1", Map.of("n", n))));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> sentAt(id) != null));
        assertThat(ids.stream().map(this::sentAt).distinct().count()).as("rounds for five commits in a row").isEqualTo(1);
    }

    @Test
    void onlyRowsTheBrokerAcknowledgedAreMovedToTheSentOnes() {
        UUID patient = UUID.randomUUID();
        UUID[] ids = new UUID[2];
        QuarkusTransaction.requiringNew().run(() -> {
            ids[0] = outbox.publish(TOPIC, patient, "rehabloop.test.v1", Map.of("n", 1));
            // no such topic, and the broker creates none: never acknowledged
            ids[1] = outbox.publish("kit.no-such-topic", patient, "rehabloop.test.v1", Map.of("n", 2));
        });
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> sentAt(ids[0]) != null);
            await().pollDelay(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(8)).until(() -> true);
            assertThat(sentAt(ids[1])).as("the row the broker never took").isNull();
        } finally {
            forget(ids[1]);
        }
    }

    @Test
    void aLaterEventOfAPatientNeverOvertakesOneTheProducerRefused() {
        UUID patient = UUID.randomUUID();
        UUID elsewhere = patientOfAnotherShard(patient);
        UUID[] ids = new UUID[3];
        QuarkusTransaction.requiringNew().run(() -> {
            // no such topic: the producer gives up on its metadata and fails the record at once, as it does while a
            // broker comes back; once seen sending the next event anyway, which then came first on the topic
            ids[0] = outbox.publish("kit.no-such-topic", patient, "rehabloop.test.v1", Map.of("n", 1));
            ids[1] = outbox.publish(TOPIC, patient, "rehabloop.test.v1", Map.of("n", 2));
            ids[2] = outbox.publish(TOPIC, elsewhere, "rehabloop.test.v1", Map.of("n", 3));
        });
        try {
            await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9)).until(() -> true);
            assertThat(sentAt(ids[0])).as("the refused row").isNull();
            assertThat(sentAt(ids[1])).as("the patient's next row, while the one before it is refused").isNull();
            assertThat(sentAt(ids[2])).as("a later row of another shard, which the refused one does not hold up").isNotNull();
        } finally {
            forget(ids[0]);
        }
        relay.wake();
        await().atMost(Duration.ofSeconds(20)).until(() -> sentAt(ids[1]) != null);
    }

    /** What another instance of the service would do: hold a shard's lock while it publishes that shard's rows. */
    @Test
    void aShardAnotherRelayHoldsIsLeftToIt() throws Exception {
        UUID held = UUID.randomUUID();
        UUID free = patientOfAnotherShard(held);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                    .setParameter(1, OutboxRelay.LOCK_BASE + shard(held)).getSingleResult();
            locked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        other.start();
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            UUID[] ids = new UUID[2];
            QuarkusTransaction.requiringNew().run(() -> {
                ids[0] = outbox.publish(TOPIC, held, "rehabloop.test.v1", Map.of("n", 1));
                ids[1] = outbox.publish(TOPIC, free, "rehabloop.test.v1", Map.of("n", 2));
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> sentAt(ids[1]) != null);
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            assertThat(sentAt(ids[0])).as("a row of the shard the other relay holds").isNull();
            release.countDown();
            other.join(10_000);
            relay.wake();
            await().atMost(Duration.ofSeconds(20)).until(() -> sentAt(ids[0]) != null);
        } finally {
            release.countDown();
            other.join(10_000);
        }
    }

    /**
     * Vacuumed, the outbox looks empty to the planner, which would then read a shard's rows by scanning the whole table
     * (or a bitmap of the shard's entries) and sort them: between vacuums that is every row moved out since. A round
     * reads them by the primary key, in its order, whatever the statistics say.
     */
    @Test
    void aRoundClaimsByThePrimaryKeyHoweverEmptyTheOutboxLooks() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE outbox_event");
        }
        assertThat(claimPlan(false)).as("the planner left to itself").contains("Seq Scan on outbox_event");
        assertThat(claimPlan(true)).contains("Index Scan using outbox_event_pkey on outbox_event")
                .doesNotContain("Seq Scan on outbox_event").doesNotContain("Bitmap Heap Scan on outbox_event");
    }

    private String claimPlan(boolean asARoundDoes) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (asARoundDoes) {
                sql.query(OutboxRelay.BY_INDEX, settings -> null);
            }
            return sql.query("EXPLAIN " + OutboxRelay.CLAIM, rows -> {
                StringBuilder plan = new StringBuilder();
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
                return plan.toString();
            }, config.shards() - 1, OutboxRelay.LOCK_BASE, config.batchSize());
        });
    }

    @Test
    void sentRowsAreRemovedAfterTheRetention() {
        UUID patient = UUID.randomUUID();
        UUID id = QuarkusTransaction.requiringNew().call(() -> outbox.publish(TOPIC, patient, "rehabloop.test.v1", Map.of("n", 1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentAt(id) != null);
        UUID recent = QuarkusTransaction.requiringNew().call(() -> outbox.publish(TOPIC, patient, "rehabloop.test.v1", Map.of("n", 2)));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentAt(recent) != null);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "UPDATE outbox_sent SET sent_at = now() - interval '8 days' WHERE event_id = :id").setParameter("id", id).executeUpdate());
        relay.removeSent();
        assertThat(sentAt(id)).as("sent eight days ago").isNull();
        assertThat(sentAt(recent)).as("sent just now").isNotNull();
    }

    private int shard(UUID patient) {
        return Math.floorMod(patient.hashCode(), config.shards());
    }

    private UUID patientOfAnotherShard(UUID patient) {
        UUID other = UUID.randomUUID();
        while (shard(other) == shard(patient)) {
            other = UUID.randomUUID();
        }
        return other;
    }

    /**
     * When the event was sent, from outbox_sent; null while it is in the outbox, and then it is in the one table or the
     * other, never both and never twice.
     */
    private Object sentAt(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = entityManager.createNativeQuery("SELECT sent_at FROM " + EVERY_ROW + " WHERE event_id = :id")
                    .setParameter("id", eventId).getResultList();
            assertThat(rows).as("rows of event %s in outbox_event and outbox_sent", eventId).hasSizeLessThanOrEqualTo(1);
            return rows.isEmpty() ? null : rows.get(0);
        });
    }

    /** Takes an event the broker will never acknowledge out of the outbox, so that the relay stops trying. */
    private void forget(UUID eventId) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "DELETE FROM outbox_event WHERE event_id = :id").setParameter("id", eventId).executeUpdate());
    }

    private static List<ConsumerRecord<String, String>> ours(ConsumerTask<String, String> records, List<UUID> patients) {
        List<String> keys = patients.stream().map(UUID::toString).toList();
        return records.getRecords().stream().filter(r -> keys.contains(r.key())).toList();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
