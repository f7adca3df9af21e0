package org.rehabloop.assessment.webhook;

import org.rehabloop.kit.tx.Consuming;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
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

    @Incoming("webhook-alerts")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        consuming.inTransaction(() -> apply(record));
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
