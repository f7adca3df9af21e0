package org.rehabloop.kit.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.rehabloop.kit.jdbc.Sql;
import org.rehabloop.kit.lifecycle.Daemon;
import org.rehabloop.contracts.CloudEventHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows in id order, with an idempotent producer and {@code acks=all}, and moves them to outbox_sent
 * only after the broker acknowledged them. It runs on its own thread, woken by each commit that wrote a row and
 * otherwise polling, so request handling never waits for Kafka.
 * <p>
 * Several instances share the work safely: rows are spread over {@link OutboxConfig#shards()} shards by patient, an instance takes
 * a shard with a transaction-scoped advisory lock and claims its rows {@code FOR UPDATE SKIP LOCKED}. One shard is
 * published by one instance at a time, so a patient's events keep their order on the topic.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock ids {@code LOCK_BASE + shard}; advisory locks are per database, so each service has its own. */
    static final long LOCK_BASE = 0x5245_4841_0000L;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.application.name")
    String source;

    @Inject
    OutboxConfig config;

    @Inject
    Sql sql;

    /** An unsent row as the relay reads it. */
    private record Unsent(long id, String eventId, String topic, String messageKey, String type, String payload,
            Instant occurredAt, int shard) {
    }

    private final Semaphore wakeUps = new Semaphore(0);
    /** When the first wake-up since the last round's claim came (nanoTime), 0 when none has. */
    private final AtomicLong firstWakeUp = new AtomicLong();
    private volatile boolean running;
    private KafkaProducer<String, String> producer;
    private Thread worker;

    void start(@Observes StartupEvent event) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000),
                new StringSerializer(), new StringSerializer());
        running = true;
        worker = Daemon.start("outbox-relay", this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wake();
        Daemon.join(worker, Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * Lets the commits of concurrent requests join the round that one of them woke (see OutboxConfig.gather), counted
     * from that first wake-up: rows committed while the last round ran have waited already, and a round as long as the
     * gather takes them at once instead of making them wait both (under a load near the cores' limit, part of the tail
     * of the alerts' latency).
     */
    private void gather() throws InterruptedException {
        long since = firstWakeUp.get();
        long nanos = config.gather().toNanos() - (since == 0 ? 0 : System.nanoTime() - since);
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    /** Called after a commit that wrote outbox rows. */
    public void wake() {
        firstWakeUp.compareAndSet(0, System.nanoTime());
        wakeUps.release();
    }

    private void run() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                if (wakeUps.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    gather();
                }
                wakeUps.drainPermits();
                // a wake-up between these two lines loses its time, not its permit: its round gathers in full
                firstWakeUp.set(0);
                while (running && publishBatch() >= config.batchSize()) {
                    // a shard may have had more than a batch; what committed during the round has woken us again
                }
                backoff = Duration.ofMillis(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Outbox relay could not publish (%s); retrying in %s", e.getMessage(), backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * The shards this relay may publish now (their advisory locks, taken one by one before their rows are read, so a
     * shard another instance holds is never read here), and up to a batch of each one's unsent rows, oldest first.
     */
    static final String CLAIM = "WITH mine AS MATERIALIZED (SELECT shard FROM generate_series(0, ?) AS shard "
            + "WHERE pg_try_advisory_xact_lock(? + shard)) "
            + "SELECT o.id, o.event_id, o.topic, o.message_key, o.type, o.payload, o.occurred_at, mine.shard FROM mine "
            + "CROSS JOIN LATERAL (SELECT id, event_id, topic, message_key, type, payload, occurred_at FROM outbox_event "
            + "WHERE shard = mine.shard ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) o ORDER BY o.id";

    /**
     * For this round's statements: the outbox's rows by its primary key, in its order, never by reading the whole table
     * or every entry of a shard. The outbox is nearly empty whenever a vacuum looks at it, so its statistics say a scan
     * costs nothing; but between vacuums it holds every row moved out since. Under the benchmark's paced load (means
     * by pg_stat_statements) a claim that scanned the table took 52 ms instead of under one; with only that ruled out,
     * assessment-service's still took 27 ms, and under 1 ms with bitmap scans ruled out too. A bitmap scan reads every
     * index entry of a shard and never marks those of rows moved out as dead, as a scan in the index's order does: the
     * next claims step over those without looking at the table.
     */
    static final String BY_INDEX = "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)";

    /**
     * Moves the rows the broker acknowledged ({@code shard = ANY} and {@code id = ANY}: ids are unique, and the primary
     * key is (shard, id)) out of the outbox into outbox_sent, where they are kept for the retention period.
     */
    private static final String MOVE_SENT = "WITH sent AS (DELETE FROM outbox_event WHERE shard = ANY (CAST(? AS smallint[])) "
            + "AND id = ANY (CAST(? AS bigint[])) RETURNING id, event_id, topic, message_key, type, payload, occurred_at) "
            + "INSERT INTO outbox_sent (id, event_id, topic, message_key, type, payload, occurred_at, sent_at) "
            + "SELECT id, event_id, topic, message_key, type, payload, occurred_at, CAST(? AS timestamptz) FROM sent ORDER BY id";

    /**
     * Publishes up to one batch of each shard not being published elsewhere, in one transaction; returns how many rows
     * it sent. A round costs the same few statements however many shards have rows (it was a transaction per shard,
     * which at a few rows a round cost more database work than the requests that wrote them). Every row the broker
     * acknowledged is moved to outbox_sent, even when others of the batch failed (one partition unavailable, say), so
     * what was delivered is not delivered again. Nothing is handed to the producer after a row it refused at once, so a
     * patient's events stay in order.
     */
    int publishBatch() {
        RuntimeException[] failure = new RuntimeException[1];
        int sent = QuarkusTransaction.requiringNew().call(() -> {
            sql.query(BY_INDEX, settings -> null);
            List<Unsent> rows = sql.query(CLAIM, found -> {
                List<Unsent> unsent = new ArrayList<>();
                while (found.next()) {
                    unsent.add(new Unsent(found.getLong(1), found.getString(2), found.getString(3), found.getString(4),
                            found.getString(5), found.getString(6), found.getObject(7, OffsetDateTime.class).toInstant(),
                            found.getInt(8)));
                }
                return unsent;
            }, config.shards() - 1, LOCK_BASE, config.batchSize());
            if (rows.isEmpty()) {
                return 0;
            }
            List<Unsent> handed = new ArrayList<>(rows.size());
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            Set<Integer> held = new HashSet<>();
            try {
                for (Unsent row : rows) {
                    if (held.contains(row.shard())) {
                        continue;
                    }
                    Future<RecordMetadata> ack = producer.send(record(row));
                    handed.add(row);
                    acks.add(ack);
                    if (refused(ack)) {
                        // not even handed over (no metadata yet while the broker comes back, say): the shard's rows
                        // after it wait for the next round, or a patient's later event would reach the topic first
                        held.add(row.shard());
                    }
                }
                producer.flush();
            } catch (RuntimeException e) {
                failure[0] = e;
            }
            List<Long> acknowledged = new ArrayList<>(acks.size());
            Set<Integer> shards = new HashSet<>();
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(30, TimeUnit.SECONDS);
                    acknowledged.add(handed.get(i).id());
                    shards.add(handed.get(i).shard());
                } catch (ExecutionException | TimeoutException e) {
                    failure[0] = new IllegalStateException(e.getCause() != null ? e.getCause() : e);
                }
            }
            if (!acknowledged.isEmpty()) {
                sql.update(MOVE_SENT, (statement, connection) -> {
                    statement.setArray(1, connection.createArrayOf("int4", shards.toArray()));
                    statement.setArray(2, connection.createArrayOf("int8", acknowledged.toArray()));
                    statement.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                });
            }
            return acknowledged.size();
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return sent;
    }

    /** Whether the producer failed the record at once, before sending it. */
    private static boolean refused(Future<RecordMetadata> ack) {
        if (!ack.isDone()) {
            return false;
        }
        try {
            ack.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private ProducerRecord<String, String> record(Unsent row) {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.messageKey(), row.payload());
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(record, CloudEventHeaders.ID, row.eventId());
        header(record, CloudEventHeaders.TYPE, row.type());
        header(record, CloudEventHeaders.SOURCE, "/" + source);
        header(record, CloudEventHeaders.SUBJECT, row.messageKey());
        header(record, CloudEventHeaders.TIME, row.occurredAt().toString());
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Sent rows are kept for a while for investigation, then removed so the table does not grow without bound. */
    @Scheduled(every = "${rehabloop.outbox.cleanup-interval:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void removeSent() {
        QuarkusTransaction.requiringNew().run(() -> sql.update("DELETE FROM outbox_sent WHERE sent_at < ?",
                Instant.now().minus(config.retention())));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
