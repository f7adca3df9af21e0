package org.rehabloop.kit.tx;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;
import org.rehabloop.contracts.CloudEventHeaders;
import org.rehabloop.kit.inbox.Inbox;
import org.rehabloop.kit.inbox.IncomingEvent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A consumer's effect runs once per event id, and a failed effect leaves the event to be applied again; a poll's
 * batch keeps each key's order and refuses only its poisoned record.
 */
@QuarkusTest
class ConsumingTest {
    @Inject
    Consuming consuming;

    @Inject
    Inbox inbox;

    @Inject
    TransactionSynchronizationRegistry registry;

    @Inject
    MeterRegistry meters;

    private static ConsumerRecord<String, String> event(String id, UUID patient) {
        return event(id, patient, 0, 0L);
    }

    private static ConsumerRecord<String, String> event(String id, UUID patient, int partition, long offset) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("plan.events", partition, offset, patient.toString(), "{}");
        record.headers().add(new RecordHeader(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(CloudEventHeaders.TYPE, "rehabloop.plan.issued.v1".getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(CloudEventHeaders.SUBJECT, patient.toString().getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    @Test
    void aRedeliveredEventHasNoSecondEffect() {
        ConsumerRecord<String, String> record = event(UUID.randomUUID().toString(), UUID.randomUUID());
        List<IncomingEvent> applied = new ArrayList<>();
        consuming.once(record, "plan.events", applied::add);
        consuming.once(record, "plan.events", applied::add);
        assertThat(applied).extracting(IncomingEvent::type).containsExactly("rehabloop.plan.issued.v1");
    }

    @Test
    void aFailedEffectIsAppliedAgainOnRedelivery() {
        ConsumerRecord<String, String> record = event(UUID.randomUUID().toString(), UUID.randomUUID());
        assertThatThrownBy(() -> consuming.once(record, "plan.events", e -> {
            throw new IllegalStateException("poisoned");
        })).hasMessageContaining("poisoned");
        List<IncomingEvent> applied = new ArrayList<>();
        consuming.once(record, "plan.events", applied::add);
        assertThat(applied).hasSize(1);
    }

    @Test
    void aBatchKeepsEachPatientsOrderAppliesEachEventOnceAndRefusesOnlyThePoisonedRecord() throws Exception {
        List<UUID> patients = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID());
        Map<UUID, List<String>> sent = new HashMap<>();
        Map<TopicPartition, List<ConsumerRecord<String, String>>> polled = new HashMap<>();
        long offset = 0;
        for (int round = 0; round < 4; round++) {
            for (UUID patient : patients) {
                String id = UUID.randomUUID().toString();
                sent.computeIfAbsent(patient, p -> new ArrayList<>()).add(id);
                int partition = Math.floorMod(patient.hashCode(), 2);
                polled.computeIfAbsent(new TopicPartition("plan.events", partition), tp -> new ArrayList<>())
                        .add(event(id, patient, partition, offset++));
            }
        }
        UUID first = patients.get(0);
        String redelivered = sent.get(first).get(1);
        String poisoned = sent.get(patients.get(1)).get(2);
        // the same event twice in one poll (a producer's retry): applied once
        int partition = Math.floorMod(first.hashCode(), 2);
        polled.get(new TopicPartition("plan.events", partition)).add(event(redelivered, first, partition, offset));

        Queue<String> applied = new ConcurrentLinkedQueue<>();
        Queue<String> refused = new ConcurrentLinkedQueue<>();
        Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        KafkaRecordBatch<String, String> batch = batch(polled, acknowledged, refused);

        consuming.onceEach(batch, "batch-test", event -> {
            if (event.id().equals(poisoned)) {
                throw new IllegalStateException("poisoned");
            }
            applied.add(event.id());
        }).toCompletableFuture().get(30, TimeUnit.SECONDS);

        // the batch is acknowledged (each partition's last offset) once every record is applied or refused
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() == polled.size());
        assertThat(refused).containsExactly(poisoned);
        for (UUID patient : patients) {
            List<String> order = sent.get(patient).stream().filter(id -> !id.equals(poisoned)).toList();
            List<String> seen = applied.stream().filter(order::contains).toList();
            assertThat(seen).containsAll(order);
            // a failed lane transaction's events run again, one by one, from the first it held (not necessarily the
            // patient's first: a lane may have committed that one alone before): never an event ahead of its turn
            for (int i = 1; i < seen.size(); i++) {
                int before = order.indexOf(seen.get(i - 1));
                int now = order.indexOf(seen.get(i));
                assertThat(now <= before + 1)
                        .as("%s applied after %s for one patient", seen.get(i), seen.get(i - 1)).isTrue();
            }
            for (String id : sent.get(patient)) {
                boolean recorded = !QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery(id, "batch-test"));
                assertThat(recorded).as("event %s recorded in the inbox", id).isEqualTo(!id.equals(poisoned));
            }
        }
        assertThat(applied.stream().filter(redelivered::equals).count())
                .as("the event sent twice in one poll").isLessThanOrEqualTo(2).isPositive();
    }

    @Test
    void anEffectsAfterLastRunsInTheTransactionOfItsEventsOnceTheyAreApplied() throws Exception {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> polled = new HashMap<>();
        List<String> sent = new ArrayList<>();
        long offset = 0;
        for (int round = 0; round < 4; round++) {
            for (int p = 0; p < 5; p++) {
                String id = UUID.randomUUID().toString();
                sent.add(id);
                polled.computeIfAbsent(new TopicPartition("plan.events", p % 2), tp -> new ArrayList<>())
                        .add(event(id, UUID.randomUUID(), p % 2, offset++));
            }
        }
        String failsAtTheEnd = sent.get(7);
        Object pending = new Object();
        Queue<List<String>> settled = new ConcurrentLinkedQueue<>();
        Queue<String> refused = new ConcurrentLinkedQueue<>();
        Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();

        consuming.onceEach(batch(polled, acknowledged, refused), "after-last-test", Consuming.Effect.withAfterLast(event -> {
            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>) registry.getResource(pending);
            if (ids == null) {
                ids = new ArrayList<>();
                registry.putResource(pending, ids);
            }
            ids.add(event.id());
        }, () -> {
            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>) registry.getResource(pending);
            assertThat(ids).as("events applied in this transaction before its afterLast").isNotEmpty();
            if (ids.contains(failsAtTheEnd)) {
                throw new IllegalStateException("what " + failsAtTheEnd + " left fails");
            }
            settled.add(List.copyOf(ids));
            ids.clear();
        })).toCompletableFuture().get(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() == polled.size());
        // the transaction that failed at its end ran again one event at a time: only the failing one is refused
        assertThat(refused).containsExactly(failsAtTheEnd);
        assertThat(settled.stream().flatMap(List::stream).toList())
                .containsExactlyInAnyOrderElementsOf(sent.stream().filter(id -> !id.equals(failsAtTheEnd)).toList());
        for (String id : sent) {
            boolean recorded = !QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery(id, "after-last-test"));
            assertThat(recorded).as("event %s recorded in the inbox", id).isEqualTo(!id.equals(failsAtTheEnd));
        }
    }

    /**
     * Two consumers queue one key's events into one lane; a transaction holding both applies each consumer's events
     * that came in a row as a run, its afterLast included, before the next consumer's: an event sees what every event
     * before it did (a programme's plan.issued, the sessions stored in their consumer's afterLast).
     */
    @Test
    void aTransactionWithTwoConsumersEventsAppliesEachRunWholeInTheOrderTheyCame() throws Exception {
        UUID patient = UUID.randomUUID();
        Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> refused = new ConcurrentLinkedQueue<>();
        CountDownLatch release = holdLane(patient, "runs-test", acknowledged, refused);

        Queue<String> calls = new ConcurrentLinkedQueue<>();
        Set<Object> transactions = ConcurrentHashMap.newKeySet();
        Consuming.Effect sessions = logging("sessions", calls, transactions);
        Consuming.Effect programmes = logging("programmes", calls, transactions);
        List<String> ids = List.of("s1-" + UUID.randomUUID(), "s2-" + UUID.randomUUID(), "p1-" + UUID.randomUUID(),
                "s3-" + UUID.randomUUID());
        consuming.onceEach(batch(Map.of(new TopicPartition("plan.events", 0), List.of(event(ids.get(0), patient, 0, 1),
                event(ids.get(1), patient, 0, 2))), acknowledged, refused), "runs-test", sessions);
        consuming.onceEach(batch(Map.of(new TopicPartition("plan.events", 1), List.of(event(ids.get(2), patient, 1, 0))),
                acknowledged, refused), "runs-test-programmes", programmes);
        consuming.onceEach(batch(Map.of(new TopicPartition("plan.events", 0), List.of(event(ids.get(3), patient, 0, 3))),
                acknowledged, refused), "runs-test", sessions);
        release.countDown();

        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() == 4);
        assertThat(refused).isEmpty();
        assertThat(List.copyOf(calls)).containsExactly(
                "sessions before " + ids.subList(0, 2), "sessions " + ids.get(0), "sessions " + ids.get(1), "sessions after",
                "programmes before " + ids.subList(2, 3), "programmes " + ids.get(2), "programmes after",
                "sessions before " + ids.subList(3, 4), "sessions " + ids.get(3), "sessions after");
        assertThat(transactions).as("the transactions the four events were applied in").hasSize(1);
        // each consumer's records done, as operators (and the benchmark's lag) read them from the metrics
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(meters.get("rehabloop.consumer.records").tag("consumer", "runs-test").counter().count()).isEqualTo(4);
            assertThat(meters.get("rehabloop.consumer.records").tag("consumer", "runs-test-programmes").counter().count())
                    .isEqualTo(1);
        });
    }

    /**
     * A lane that finds records queued behind the one it takes (a steady stream) waits rehabloop.consumers.gather (1 s
     * in the tests) before it takes them: a poll that comes meanwhile joins the same transaction.
     */
    @Test
    void aLaneWithRecordsQueuedLetsThePollsOfTheNextMomentJoinItsTransaction() throws Exception {
        UUID patient = UUID.randomUUID();
        Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> refused = new ConcurrentLinkedQueue<>();
        CountDownLatch release = holdLane(patient, "gather-test", acknowledged, refused);

        Queue<String> calls = new ConcurrentLinkedQueue<>();
        Set<Object> transactions = ConcurrentHashMap.newKeySet();
        Consuming.Effect effect = logging("gathered", calls, transactions);
        List<String> ids = List.of("a1-" + UUID.randomUUID(), "a2-" + UUID.randomUUID(), "b1-" + UUID.randomUUID());
        consuming.onceEach(batch(Map.of(new TopicPartition("plan.events", 0), List.of(event(ids.get(0), patient, 0, 1),
                event(ids.get(1), patient, 0, 2))), acknowledged, refused), "gather-test", effect);
        release.countDown();
        // the next poll, a moment after the lane took the first two: well within its wait
        Thread.sleep(200);
        consuming.onceEach(batch(Map.of(new TopicPartition("plan.events", 0), List.of(event(ids.get(2), patient, 0, 3))),
                acknowledged, refused), "gather-test", effect);

        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() == 3);
        assertThat(refused).isEmpty();
        assertThat(List.copyOf(calls)).containsExactly("gathered before " + ids, "gathered " + ids.get(0),
                "gathered " + ids.get(1), "gathered " + ids.get(2), "gathered after");
        assertThat(transactions).as("the transactions the three events were applied in").hasSize(1);
    }

    /**
     * The gather counts from when the record was queued: records that queued behind a transaction longer than the gather
     * (1 s in the tests) have waited long enough, and the lane takes them at once rather than waiting the gather again.
     */
    @Test
    void aLaneTakesAtOnceWhatQueuedBehindATransactionLongerThanTheGather() throws Exception {
        UUID patient = UUID.randomUUID();
        Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> refused = new ConcurrentLinkedQueue<>();
        CountDownLatch release = holdLane(patient, "gathered-already-test", acknowledged, refused);

        Queue<String> calls = new ConcurrentLinkedQueue<>();
        Set<Object> transactions = ConcurrentHashMap.newKeySet();
        List<String> ids = List.of("c1-" + UUID.randomUUID(), "c2-" + UUID.randomUUID());
        consuming.onceEach(batch(Map.of(new TopicPartition("plan.events", 0), List.of(event(ids.get(0), patient, 0, 1),
                event(ids.get(1), patient, 0, 2))), acknowledged, refused), "gathered-already-test",
                logging("queued", calls, transactions));
        Thread.sleep(1_200); // the held transaction goes on past the gather
        long released = System.nanoTime();
        release.countDown();

        // the held poll and this one
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - released)).as("from the held transaction's end to the next's")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(refused).isEmpty();
        assertThat(List.copyOf(calls)).containsExactly("queued before " + ids, "queued " + ids.get(0),
                "queued " + ids.get(1), "queued after");
        assertThat(transactions).as("the transactions the two events were applied in").hasSize(1);
    }

    /**
     * Keeps {@code patient}'s lane busy with an event of its own until the returned latch is released, so that the
     * events sent meanwhile queue behind it (the held event is acknowledged too, once released).
     */
    private CountDownLatch holdLane(UUID patient, String consumer, Queue<Long> acknowledged, Queue<String> refused)
            throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        consuming.onceEach(batch(Map.of(new TopicPartition("plan.events", 0), List.of(event("held-" + UUID.randomUUID(), patient, 0, 0))),
                acknowledged, refused), consumer, event -> {
                    holding.countDown();
                    release.await(30, TimeUnit.SECONDS);
                });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    /** An effect that logs its calls, and the transaction of each. */
    private Consuming.Effect logging(String name, Queue<String> calls, Set<Object> transactions) {
        return new Consuming.Effect() {
            @Override
            public void beforeFirst(List<IncomingEvent> events) {
                transactions.add(registry.getTransactionKey());
                calls.add(name + " before " + events.stream().map(IncomingEvent::id).toList());
            }

            @Override
            public void apply(IncomingEvent event) {
                transactions.add(registry.getTransactionKey());
                calls.add(name + " " + event.id());
            }

            @Override
            public void afterLast() {
                transactions.add(registry.getTransactionKey());
                calls.add(name + " after");
            }
        };
    }

    @Test
    void allInOneWorksAPollInOneTransactionAndRefusesOnlyThePoisonedRecord() throws Exception {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> polled = new HashMap<>();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = UUID.randomUUID().toString();
            sent.add(id);
            polled.computeIfAbsent(new TopicPartition("plan.events", i % 2), tp -> new ArrayList<>())
                    .add(event(id, UUID.randomUUID(), i % 2, i));
        }
        Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> refused = new ConcurrentLinkedQueue<>();
        List<Integer> transactions = new ArrayList<>();
        consuming.allInOne(batch(polled, acknowledged, new ConcurrentLinkedQueue<>()), records -> {
            transactions.add(records.size());
            for (ConsumerRecord<String, String> record : records) {
                inbox.firstDelivery(IncomingEvent.of(record).id(), "all-in-one-test");
            }
        }).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(transactions).as("records worked per transaction").containsExactly(6);
        assertThat(acknowledged).hasSize(polled.size());

        Map<TopicPartition, List<ConsumerRecord<String, String>>> again = new HashMap<>();
        List<String> next = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = UUID.randomUUID().toString();
            next.add(id);
            again.computeIfAbsent(new TopicPartition("plan.events", 0), tp -> new ArrayList<>())
                    .add(event(id, UUID.randomUUID(), 0, 10 + i));
        }
        String poisoned = next.get(2);
        Queue<Long> acknowledgedAgain = new ConcurrentLinkedQueue<>();
        consuming.allInOne(batch(again, acknowledgedAgain, refused), records -> {
            for (ConsumerRecord<String, String> record : records) {
                String id = IncomingEvent.of(record).id();
                inbox.firstDelivery(id, "all-in-one-test");
                if (id.equals(poisoned)) {
                    throw new IllegalStateException("poisoned");
                }
            }
        }).toCompletableFuture().get(30, TimeUnit.SECONDS);
        // the failed transaction ran again a record at a time: only the poisoned one is refused, the others count
        assertThat(refused).containsExactly(poisoned);
        assertThat(acknowledgedAgain).hasSize(1);
        for (String id : next) {
            boolean recorded = !QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery(id, "all-in-one-test"));
            assertThat(recorded).as("the work on %s committed", id).isEqualTo(!id.equals(poisoned));
        }
    }

    /** A poll's records as SmallRye hands them over: acknowledged offsets and refused event ids are collected. */
    private static KafkaRecordBatch<String, String> batch(Map<TopicPartition, List<ConsumerRecord<String, String>>> polled,
            Queue<Long> acknowledged, Queue<String> refused) {
        return new IncomingKafkaRecordBatch<>(new ConsumerRecords<>(polled),
                "plan-events", 0, new KafkaCommitHandler() {
                    @Override
                    public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
                        acknowledged.add(record.getOffset());
                        return Uni.createFrom().voidItem();
                    }
                }, new KafkaFailureHandler() {
                    @Override
                    public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                        refused.add(new String(record.getHeaders().lastHeader(CloudEventHeaders.ID).value(),
                                StandardCharsets.UTF_8));
                        return Uni.createFrom().voidItem();
                    }
                }, false, false);
    }
}
