package org.rehabloop.kit.tx;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.rehabloop.kit.inbox.Inbox;
import org.rehabloop.kit.inbox.IncomingEvent;
import org.rehabloop.kit.problem.DatabaseFailures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a consumer applies an event: in a transaction of its own (with the inbox entry), and, while the database is
 * away, again and again until it is back. A database outage is no reason to send an event to the dead-letter topic:
 * its effect would be lost. The partition waits instead, which keeps each patient's order; a poisoned event (one
 * that fails for any other reason) still goes to the dead-letter topic.
 *
 * <p>A busy consumer takes what one poll brought ({@link #onceEach}): the records are dealt into lanes by key (a
 * patient's events share a lane and keep their order), and each lane applies its events in one transaction. A
 * transaction per event cost more than most events' own work; under load, or replaying a topic from its start, that
 * was the consumer's limit.
 */
@ApplicationScoped
public class Consuming {
    private static final Logger LOG = Logger.getLogger(Consuming.class);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    @Inject
    Inbox inbox;

    @Inject
    EntityManager entityManager;

    /** How many transactions at most apply one poll's records at the same time. */
    @ConfigProperty(name = "rehabloop.consumers.lanes", defaultValue = "4")
    int lanes;

    private final ExecutorService laneThreads = Executors.newCachedThreadPool(new LaneThreads());

    /** Work on an event, which may throw what reading its JSON throws. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** What an event does to this service, which may throw what reading its JSON throws. */
    @FunctionalInterface
    public interface Effect {
        void apply(IncomingEvent event) throws Exception;
    }

    /**
     * Applies {@code effect} to the event in {@code record} the first time it reaches {@code consumer}, in one
     * transaction with its inbox entry and audit record (see {@link Inbox#accept}); a redelivery does nothing.
     */
    public void once(ConsumerRecord<String, String> record, String consumer, Effect effect) {
        inTransaction(() -> {
            IncomingEvent event = inbox.accept(record, consumer);
            if (event != null) {
                effect.apply(event);
            }
        });
    }

    /**
     * Applies each event of {@code batch} as {@link #once} does, one transaction per lane, then acknowledges the batch.
     * If a lane's transaction fails, its records are applied again one by one, each in a transaction of its own, so
     * that only a poisoned record is refused (its failure strategy, the dead-letter topic, takes it) and the others of
     * its poll still count.
     *
     * <p>The persistence context is emptied after each event, so a long batch costs no more per event than a short
     * one: an event's effect must not keep entities for the next.
     */
    public CompletionStage<Void> onceEach(KafkaRecordBatch<String, String> batch, String consumer, Effect effect) {
        List<List<KafkaRecord<String, String>>> byLane = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            byLane.add(new ArrayList<>());
        }
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            byLane.get(record.getKey() == null ? 0 : Math.floorMod(record.getKey().hashCode(), lanes)).add(record);
        }
        List<CompletableFuture<Void>> lanesDone = new ArrayList<>();
        for (List<KafkaRecord<String, String>> lane : byLane) {
            if (!lane.isEmpty()) {
                lanesDone.add(CompletableFuture.supplyAsync(() -> applyLane(lane, consumer, effect), laneThreads)
                        .thenCompose(refused -> refused));
            }
        }
        // the batch's acknowledgement commits each partition's last offset: only once every refused record is dead-lettered
        return CompletableFuture.allOf(lanesDone.toArray(CompletableFuture[]::new)).thenCompose(done -> batch.ack());
    }

    /** Applies a lane's records; completes when the refused ones (if any) have been handed to the failure strategy. */
    private CompletableFuture<Void> applyLane(List<KafkaRecord<String, String>> lane, String consumer, Effect effect) {
        try {
            inTransaction(() -> {
                for (KafkaRecord<String, String> record : lane) {
                    IncomingEvent event = inbox.accept(consumerRecord(record), consumer);
                    if (event != null) {
                        effect.apply(event);
                    }
                    entityManager.flush();
                    entityManager.clear();
                }
            });
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException laneFailed) {
            LOG.debugf(laneFailed, "A lane of %d events failed; each is applied on its own", lane.size());
            List<CompletableFuture<Void>> refused = new ArrayList<>();
            for (KafkaRecord<String, String> record : lane) {
                try {
                    once(consumerRecord(record), consumer, effect);
                } catch (RuntimeException poisoned) {
                    refused.add(record.nack(poisoned).toCompletableFuture());
                }
            }
            return CompletableFuture.allOf(refused.toArray(CompletableFuture[]::new));
        }
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> consumerRecord(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("a batch record without its Kafka metadata"));
    }

    void stop(@Observes ShutdownEvent event) {
        laneThreads.shutdownNow();
    }

    /** Daemon threads named after their job, so that a thread dump says who they are. */
    private static final class LaneThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work, "consumer-lane-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    public void inTransaction(Work work) {
        Duration wait = Duration.ofMillis(200);
        while (true) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    try {
                        work.run();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalArgumentException(e);
                    }
                });
                return;
            } catch (RuntimeException e) {
                if (!DatabaseFailures.unavailable(e)) {
                    throw e;
                }
                LOG.warnf("The database is unavailable; the event is applied again in %d ms", wait.toMillis());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            }
        }
    }
}
