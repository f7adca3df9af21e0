package org.rehabloop.plan.adjustment;

import org.rehabloop.kit.tx.Consuming;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.contracts.AdjustmentRequested;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.Topics;
import org.rehabloop.kit.inbox.IncomingEvent;

/** Adjustment requests from assessment-service; the event id is recorded with the effect, so a redelivery is a no-op. */
@ApplicationScoped
public class AdjustmentRequestConsumer {
    @Inject
    Consuming consuming;

    @Inject
    AdjustmentService adjustments;

    @Inject
    ObjectMapper json;

    @Incoming("plan-adjustments")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        consuming.once(record, Topics.PLAN_ADJUSTMENTS, this::apply);
    }

    private void apply(IncomingEvent event) throws Exception {
        if (EventTypes.ADJUSTMENT_REQUESTED.equals(event.type())) {
            adjustments.handle(event.data(json, AdjustmentRequested.class));
        }
    }
}
