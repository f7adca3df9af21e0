package org.rehabloop.kit.tx;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.rehabloop.contracts.CloudEventHeaders;
import org.rehabloop.kit.inbox.IncomingEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A consumer's effect runs once per event id, and a failed effect leaves the event to be applied again. */
@QuarkusTest
class ConsumingTest {
    @Inject
    Consuming consuming;

    private static ConsumerRecord<String, String> event(String id, UUID patient) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("plan.events", 0, 0L, patient.toString(), "{}");
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
}
