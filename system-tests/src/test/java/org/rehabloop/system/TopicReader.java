package org.rehabloop.system;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads a topic from its beginning, as a test would look at what was published. */
final class TopicReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record as CloudEvent: headers and JSON data. */
    record Event(String key, Map<String, String> headers, JsonNode data) {
        String type() {
            return headers.get("ce_type");
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Event> seen = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits for the first record that matches, reading on from where it left off. */
    Event await(Predicate<Event> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (Event event : seen) {
                if (match.test(event)) {
                    return event;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no matching event within " + timeout + "; saw " + seen.size() + " events");
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                seen.add(toEvent(record));
            }
        }
    }

    /** Every record that matches among what has arrived within {@code wait}. */
    List<Event> all(Predicate<Event> match, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                seen.add(toEvent(record));
            }
        }
        return seen.stream().filter(match).toList();
    }

    private static Event toEvent(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        try {
            return new Event(record.key(), headers, JSON.readTree(record.value()));
        } catch (Exception e) {
            throw new AssertionError("record is not JSON: " + record.value(), e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
