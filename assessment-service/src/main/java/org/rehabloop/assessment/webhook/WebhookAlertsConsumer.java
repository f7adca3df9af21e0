package org.rehabloop.assessment.webhook;

import org.rehabloop.kit.tx.Consuming;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.kit.inbox.Inbox;
import org.rehabloop.kit.inbox.IncomingEvent;
import org.rehabloop.contracts.AlertChanged;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.Topics;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/** Alerts, raised or changed on any instance, become webhook messages once (its own consumer group). */
@ApplicationScoped
public class WebhookAlertsConsumer {
    @Inject
    Consuming consuming;

    @Inject
    Inbox inbox;

    @Inject
    ObjectMapper json;

    @Inject
    WebhookMessages messages;

    /**
     * A poll's alerts in one transaction: most alerts interest no partner, so most polls only ask, once, whether any
     * subscription wants alerts (a transaction and a query per alert were most of this consumer's cost).
     */
    @Incoming("webhook-alerts")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consuming.allInOne(batch, records -> {
            for (ConsumerRecord<String, String> record : records) {
                apply(record);
            }
        });
    }

    private void apply(ConsumerRecord<String, String> record) throws Exception {
        IncomingEvent event = IncomingEvent.of(record);
        String name = switch (event.type()) {
            case EventTypes.ALERT_RAISED -> "alert.raised";
            case EventTypes.ALERT_UPDATED -> "alert.updated";
            default -> null;
        };
        // most alerts interest no partner: no message, so nothing to remember either
        if (name == null || !messages.wanted(name) || !inbox.firstDelivery("webhook:" + event.id(), Topics.ASSESSMENT_ALERTS)) {
            return;
        }
        AlertChanged alert = event.data(json, AlertChanged.class);
        messages.publish(name, alert.patientId(), alert.clinicianId(), alert, alert.updatedAt() != null ? alert.updatedAt() : Instant.now());
    }
}
