package org.rehabloop.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Reads topics from their beginning on a thread of its own and keeps every record by topic and key (the patient id),
 * so that scenarios running side by side can each look at their own patient's events without sharing a
 * {@link KafkaConsumer} (which is not thread-safe), as {@link TopicReader} would make them.
 */
final class TopicTap implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, List<TopicReader.Event>> byTopicAndKey = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    TopicTap(String bootstrapServers, String... topics) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        poller = new Thread(this::poll, "topic-tap");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    byTopicAndKey.computeIfAbsent(record.topic() + "|" + record.key(), k -> new CopyOnWriteArrayList<>())
                            .add(toEvent(record));
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    /** What has arrived so far on {@code topic} under {@code key}. */
    List<TopicReader.Event> events(String topic, String key) {
        if (failure != null) {
            throw new IllegalStateException("the topic tap stopped", failure);
        }
        return List.copyOf(byTopicAndKey.getOrDefault(topic + "|" + key, List.of()));
    }

    /** Waits for the first event on {@code topic} under {@code key} that matches. */
    TopicReader.Event await(String topic, String key, Predicate<TopicReader.Event> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<TopicReader.Event> found = events(topic, key).stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no matching event on " + topic + " for " + key + " within " + timeout
                        + "; saw " + events(topic, key).size());
            }
            sleep(50);
        }
    }

    private static TopicReader.Event toEvent(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        try {
            return new TopicReader.Event(record.key(), headers, JSON.readTree(record.value()));
        } catch (Exception e) {
            return new TopicReader.Event(record.key(), headers, JSON.getNodeFactory().textNode(record.value()));
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
