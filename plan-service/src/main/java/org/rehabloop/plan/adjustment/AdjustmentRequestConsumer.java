package org.rehabloop.plan.adjustment;

import org.rehabloop.kit.tx.Consuming;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.contracts.AdjustmentRequested;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.Topics;
import org.rehabloop.kit.inbox.IncomingEvent;

import java.util.concurrent.CompletionStage;

/**
 * Adjustment requests from assessment-service; the event id is recorded with the effect, so a redelivery is a no-op.
 * Taken a poll at a time ({@link Consuming#onceEach}): a patient's requests in order, in one lane, patients in parallel;
 * a backlog (a burst of painful sessions, a replay of the rules) is applied many requests to a transaction instead of
 * one each.
 */
@ApplicationScoped
public class AdjustmentRequestConsumer {
    @Inject
    Consuming consuming;

    @Inject
    AdjustmentService adjustments;

    @Inject
    ObjectMapper json;

    @Incoming("plan-adjustments")
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consuming.onceEach(batch, Topics.PLAN_ADJUSTMENTS, this::apply);
    }

    private void apply(IncomingEvent event) throws Exception {
        if (EventTypes.ADJUSTMENT_REQUESTED.equals(event.type())) {
            adjustments.handle(event.data(json, AdjustmentRequested.class));
        }
    }
}
