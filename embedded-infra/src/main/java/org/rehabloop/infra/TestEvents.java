package org.rehabloop.infra;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Records as the services publish them (CloudEvents binary mode, keyed by patient), for tests to send. */
public final class TestEvents {
    private TestEvents() {
    }

    public static ProducerRecord<String, String> cloudEvent(String topic, String patientId, String type, String eventId,
            String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, patientId, json);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", eventId);
        header(record, "ce_type", type);
        header(record, "ce_source", "/test");
        header(record, "ce_subject", patientId);
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
