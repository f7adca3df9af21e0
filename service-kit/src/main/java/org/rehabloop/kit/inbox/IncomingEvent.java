package org.rehabloop.kit.inbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.rehabloop.contracts.CloudEventHeaders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A Kafka record read as a CloudEvent in binary mode: the attributes from the headers, the JSON data as value.
 *
 * @param published when the record was written to its topic (its timestamp), null when it has none: how long it
 *                  waited for this consumer, which tells a backlog from live events
 */
public record IncomingEvent(String id, String type, String subject, String data, Instant published) {

    public static IncomingEvent of(ConsumerRecord<String, String> record) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        if (id == null || type == null) {
            throw new IllegalArgumentException("not a CloudEvent: ce_id or ce_type is missing");
        }
        if (record.value() == null) {
            throw new IllegalArgumentException("event " + id + " has no data");
        }
        return new IncomingEvent(id, type, header(record, CloudEventHeaders.SUBJECT), record.value(),
                record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()));
    }

    /**
     * The data as {@code type}, read leniently: a newer producer may add fields that this consumer does not know
     * (request bodies, read by the same mapper, refuse unknown fields).
     */
    public <T> T data(ObjectMapper json, Class<T> type) throws IOException {
        return json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(data);
    }

    /** The subject, which is the patient's id on every RehabLoop topic; null when absent or not an id. */
    public UUID patientId() {
        try {
            return subject == null ? null : UUID.fromString(subject);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
