package org.rehabloop.kit.tx;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.rehabloop.kit.lifecycle.Daemon;
import org.rehabloop.kit.problem.DatabaseFailures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a consumer applies an event: in a transaction of its own (with the inbox entry), and, while the database is
 * away, again and again until it is back. A database outage is no reason to send an event to the dead-letter topic:
 * its effect would be lost. The partition waits instead, which keeps each patient's order; a poisoned event (one
 * that fails for any other reason) still goes to the dead-letter topic.
 *
 * <p>A busy consumer hands over what each poll brought ({@link #onceEach}): records are queued to lanes by key (a
 * patient's events share a lane and keep their order), and each lane applies what is waiting in it in one
 * transaction. With a record waiting, that is a transaction for it alone, as soon as it comes; with a backlog (under
 * load, or replaying a topic from its start) a transaction for many. A transaction per event cost more than most
 * events' own work; so did a statement per event for the inbox, which takes a transaction's events in one
 * ({@link Inbox#acceptAll}), and an effect can do what its events share once ({@link Effect#beforeFirst}).
 */
@ApplicationScoped
public class Consuming {
    private static final Logger LOG = Logger.getLogger(Consuming.class);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    @Inject
    Inbox inbox;

    @Inject
    EntityManager entityManager;

    /** How many lanes (threads, each with at most one transaction open) apply the queued records. */
    @ConfigProperty(name = "rehabloop.consumers.lanes", defaultValue = "4")
    int lanes;

    /** The most records one lane applies in one transaction. */
    @ConfigProperty(name = "rehabloop.consumers.most-per-transaction", defaultValue = "100")
    int mostPerTransaction;

    /**
     * How long a lane that finds other records queued behind the one it takes lets that one wait, counted from when it
     * was queued, before it takes them all: under a steady load the next polls' records join the same transaction. A
     * lane woken by a record alone (a quiet topic) applies it at once; one that comes back from a transaction longer
     * than this to records queued meanwhile takes them at once. A transaction's cost is mostly per statement, not per event, so a lane applying a few events
     * each time it wakes cost the loop more per event than one that falls behind and applies many (at 50 ms, see
     * {@code OutboxConfig.gather}).
     */
    @ConfigProperty(name = "rehabloop.consumers.gather", defaultValue = "PT0.1S")
    Duration gather;

    /** Past this many queued records, the consumer waits for its latest poll before it takes the next. */
    @ConfigProperty(name = "rehabloop.consumers.most-queued", defaultValue = "1000")
    int mostQueued;

    @Inject
    MeterRegistry meters;

    /**
     * Records of each consumer's topic that the lanes have done with, applied (or found applied before) and committed,
     * or refused: what an operator compares with the topic's end offsets to see how far behind the effects are, a
     * truer lag than the committed offsets (committed a second at a time) and not a count over the inbox table.
     */
    private final Map<String, Counter> done = new ConcurrentHashMap<>();

    private final AtomicInteger queued = new AtomicInteger();
    private volatile Lane[] laneQueues;

    /** Work on an event, which may throw what reading its JSON throws. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** What an event does to this service, which may throw what reading its JSON throws. */
    @FunctionalInterface
    public interface Effect {
        void apply(IncomingEvent event) throws Exception;

        /**
         * What is left of this effect's work once its events are applied, before the transaction commits and before
         * any event of another effect that came after them is applied: work that several events of one transaction
         * share is done once there. Called after every run of events with this effect (a transaction's events of one
         * effect in a row, see {@link #onceEach}), so what {@link #apply} leaves is never lost or done twice, and an
         * event that comes later, whichever consumer applies it, sees it done.
         */
        default void afterLast() throws Exception {
        }

        /**
         * What this effect does once before a run of the transaction's {@code events} (those it will apply next, in
         * order) is applied one by one: work they share, such as locks, is done there in one statement instead of one
         * each.
         */
        default void beforeFirst(List<IncomingEvent> events) throws Exception {
        }

        /** {@code apply}, then {@code afterLast} once its run of the transaction's events is applied. */
        static Effect withAfterLast(Effect apply, Work afterLast) {
            return new Effect() {
                @Override
                public void apply(IncomingEvent event) throws Exception {
                    apply.apply(event);
                }

                @Override
                public void afterLast() throws Exception {
                    afterLast.run();
                }
            };
        }
    }

    /**
     * Applies {@code effect} to the event in {@code record} the first time it reaches {@code consumer}, in one
     * transaction with its inbox entry and audit record (see {@link Inbox#accept}); a redelivery does nothing.
     */
    public void once(ConsumerRecord<String, String> record, String consumer, Effect effect) {
        inTransaction(() -> {
            IncomingEvent event = inbox.accept(record, consumer);
            if (event != null) {
                effect.beforeFirst(List.of(event));
                effect.apply(event);
                effect.afterLast();
            }
        });
    }

    /**
     * Applies each event of {@code batch} as {@link #once} does, in its key's lane, and acknowledges the batch once all
     * of them have committed (so an offset is committed only after the effects before it). If a lane's transaction
     * fails, its records are applied again one by one, each in a transaction of its own, so that only a poisoned
     * record is refused (its failure strategy, the dead-letter topic, takes it) and the others still count.
     *
     * <p>The returned stage completes at once, so that the next poll is queued while this one is applied, unless more
     * than {@code rehabloop.consumers.most-queued} records wait: then it completes when this batch is acknowledged,
     * which holds the consumer back. The persistence context is emptied after each event, so a long transaction costs
     * no more per event than a short one: an event's effect must not keep entities for the next. A lane's transaction
     * applies its events in runs of one effect, in the order they came: {@link Effect#beforeFirst}, the run's events,
     * {@link Effect#afterLast}, then the next run (on a re-run one by one, around each event).
     */
    public CompletionStage<Void> onceEach(KafkaRecordBatch<String, String> batch, String consumer, Effect effect) {
        Lane[] all = lanes();
        List<CompletableFuture<Void>> applied = new ArrayList<>();
        Counter records = done.computeIfAbsent(consumer, c -> Counter.builder("rehabloop.consumer.records")
                .description("Records of the consumer's topic applied and committed, or refused").tag("consumer", c)
                .register(meters));
        long now = System.nanoTime();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            Queued item = new Queued(record, consumer, effect, new CompletableFuture<>(), now);
            item.done().whenComplete((nothing, failure) -> records.increment());
            applied.add(item.done());
            all[record.getKey() == null ? 0 : Math.floorMod(record.getKey().hashCode(), all.length)].queue.add(item);
        }
        int waiting = queued.addAndGet(applied.size());
        CompletableFuture<Void> acknowledged = CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new))
                .thenCompose(done -> batch.ack())
                .whenComplete((done, failure) -> {
                    queued.addAndGet(-applied.size());
                    if (failure != null) {
                        LOG.warnf(failure, "A batch of %d records was applied but not acknowledged; it comes again "
                                + "and changes nothing", applied.size());
                    }
                });
        return waiting > mostQueued ? acknowledged : CompletableFuture.completedFuture(null);
    }

    /** Work on the records of a poll, all in one transaction, which may throw what reading their JSON throws. */
    @FunctionalInterface
    public interface Records {
        void apply(List<ConsumerRecord<String, String>> records) throws Exception;
    }

    /**
     * Does {@code work} on all the records of {@code batch} in one transaction, on the calling (worker) thread, and
     * acknowledges the batch once it has committed: for a consumer whose work decides on its own what of an event to
     * remember (no inbox entry for each event, unlike {@link #onceEach}), such as one that ignores most of a topic. If
     * the transaction fails, each record is worked again in a transaction of its own, and a record that still fails is
     * refused (its failure strategy, the dead-letter topic, takes it) while the others count.
     */
    public CompletionStage<Void> allInOne(KafkaRecordBatch<String, String> batch, Records work) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        try {
            inTransaction(() -> work.apply(records.stream().map(Consuming::consumerRecord).toList()));
            return batch.ack();
        } catch (RuntimeException | Error failed) {
            LOG.debugf(failed, "A transaction of %d records failed; each is worked on its own", records.size());
        }
        List<CompletableFuture<Void>> refused = new ArrayList<>();
        for (KafkaRecord<String, String> record : records) {
            try {
                inTransaction(() -> work.apply(List.of(consumerRecord(record))));
            } catch (RuntimeException | Error poisoned) {
                refused.add(record.nack(poisoned).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(refused.toArray(CompletableFuture[]::new)).thenCompose(done -> batch.ack());
    }

    /** A record waiting in its lane, and what completes once it is applied or handed to the failure strategy. */
    private record Queued(KafkaRecord<String, String> record, String consumer, Effect effect, CompletableFuture<Void> done,
            long queuedAt) {
    }

    private Lane[] lanes() {
        Lane[] all = laneQueues;
        if (all == null) {
            synchronized (this) {
                all = laneQueues;
                if (all == null) {
                    all = new Lane[lanes];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = new Lane();
                        all[i].thread = Daemon.start("consumer-lane-" + (i + 1), all[i]);
                    }
                    laneQueues = all;
                }
            }
        }
        return all;
    }

    /** One thread applying its queue in order: whatever waits when it is free goes into one transaction. */
    private final class Lane implements Runnable {
        final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
        volatile Thread thread;

        @Override
        public void run() {
            List<Queued> taken = new ArrayList<>();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Queued first = queue.take();
                    taken.add(first);
                    if (!queue.isEmpty() && queue.size() < mostPerTransaction - 1) {
                        // not alone: a steady stream, whose next polls join this transaction. The wait counts from when
                        // the first was queued: what queued behind the lane's last transaction has waited already, and
                        // waiting the whole gather again made a slow transaction's events wait it twice over (under a
                        // load near the cores' limit, the tail of the alerts' latency)
                        long rest = gather.toNanos() - (System.nanoTime() - first.queuedAt());
                        if (rest > 0) {
                            TimeUnit.NANOSECONDS.sleep(rest);
                        }
                    }
                    queue.drainTo(taken, mostPerTransaction - 1);
                    apply(taken);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                } catch (Throwable e) {
                    if (Thread.currentThread().isInterrupted()) {
                        // a stop while the database is away: what was taken is not acknowledged, so it comes again
                        LOG.warnf(e, "A consumer lane stopped with %d records not applied", taken.size());
                    } else {
                        // not expected (apply refuses a failing event on its own): refused too, and the lane goes on
                        LOG.errorf(e, "A consumer lane failed on %d records; those not applied are refused", taken.size());
                        for (Queued item : taken) {
                            if (!item.done().isDone()) {
                                item.record().nack(e).whenComplete((done, failure) -> item.done().complete(null));
                            }
                        }
                    }
                } finally {
                    taken.clear();
                }
            }
        }

        private void apply(List<Queued> taken) {
            try {
                inTransaction(() -> {
                    List<IncomingEvent> events = accepted(taken);
                    for (Run run : runs(taken, events)) {
                        run.effect().beforeFirst(run.events());
                        for (IncomingEvent event : run.events()) {
                            run.effect().apply(event);
                            entityManager.flush();
                            entityManager.clear();
                        }
                        run.effect().afterLast();
                        entityManager.flush();
                        entityManager.clear();
                    }
                });
                taken.forEach(item -> item.done().complete(null));
            } catch (RuntimeException | Error failed) {
                if (Thread.currentThread().isInterrupted()) {
                    throw failed;
                }
                LOG.debugf(failed, "A transaction of %d events failed; each is applied on its own", taken.size());
                for (Queued item : taken) {
                    try {
                        once(consumerRecord(item.record()), item.consumer(), item.effect());
                        item.done().complete(null);
                    } catch (RuntimeException | Error poisoned) {
                        // an Error too (a stack overflow on one event's JSON): refused as the per-record consumer did
                        item.record().nack(poisoned).whenComplete((done, e) -> item.done().complete(null));
                    }
                }
            }
        }
    }

    /** Consecutive events of a lane's transaction with one effect (one consumer's), in the order they came. */
    private record Run(Effect effect, List<IncomingEvent> events) {
    }

    /**
     * The events delivered for the first time ({@code events}, null for the others) in runs of one effect: each run is
     * applied whole, its {@code afterLast} included, before the next begins. Both topics' consumers queue a patient's
     * events into one lane, so one transaction may hold an event of one consumer after events of another: it must see
     * all they did. (Run by effect over the whole transaction, a programme's plan.issued was applied before the
     * sessions that came before it were stored, as their consumer stores them in its {@code afterLast}, and the
     * check-in that waited for the programme was judged without them.)
     */
    private static List<Run> runs(List<Queued> taken, List<IncomingEvent> events) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < taken.size(); i++) {
            if (events.get(i) == null) {
                continue;
            }
            Effect effect = taken.get(i).effect();
            if (runs.isEmpty() || runs.get(runs.size() - 1).effect() != effect) {
                runs.add(new Run(effect, new ArrayList<>()));
            }
            runs.get(runs.size() - 1).events().add(events.get(i));
        }
        return runs;
    }

    /**
     * The events of {@code taken} delivered for the first time (see {@link Inbox#acceptAll}), by position, null for
     * the others: one statement for each consumer among them.
     */
    private List<IncomingEvent> accepted(List<Queued> taken) {
        IncomingEvent[] events = new IncomingEvent[taken.size()];
        Map<String, List<Integer>> byConsumer = new LinkedHashMap<>();
        for (int i = 0; i < taken.size(); i++) {
            byConsumer.computeIfAbsent(taken.get(i).consumer(), consumer -> new ArrayList<>()).add(i);
        }
        byConsumer.forEach((consumer, positions) -> {
            List<IncomingEvent> first = inbox.acceptAll(
                    positions.stream().map(i -> consumerRecord(taken.get(i).record())).toList(), consumer);
            for (int k = 0; k < positions.size(); k++) {
                events[positions.get(k)] = first.get(k);
            }
        });
        return Arrays.asList(events);
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> consumerRecord(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("a batch record without its Kafka metadata"));
    }

    void stop(@Observes ShutdownEvent event) {
        Lane[] all = laneQueues;
        if (all != null) {
            for (Lane lane : all) {
                lane.thread.interrupt();
            }
            for (Lane lane : all) {
                Daemon.join(lane.thread, LONGEST_WAIT);
            }
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
