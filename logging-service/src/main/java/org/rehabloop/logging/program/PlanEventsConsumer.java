package org.rehabloop.logging.program;

import org.rehabloop.kit.tx.Consuming;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.contracts.AdjustmentOutcome;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PlanAdjusted;
import org.rehabloop.contracts.PlanIssued;
import org.rehabloop.contracts.Topics;
import org.rehabloop.kit.inbox.IncomingEvent;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Keeps {@link PatientProgram} in step with plan-service, idempotently. A poll's events are applied in lanes, a
 * patient's in order ({@link Consuming#onceEach}): most plan events change nothing here (an adjustment plan-service
 * rejected), and a transaction each for them, with the sessions coming in on the same cores, cost more than their work.
 */
@ApplicationScoped
public class PlanEventsConsumer {
    @Inject
    Consuming consuming;

    @Inject
    ObjectMapper json;

    @Incoming("plan-events")
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consuming.onceEach(batch, Topics.PLAN_EVENTS, this::apply);
    }

    private void apply(IncomingEvent event) throws Exception {
        switch (event.type()) {
            case EventTypes.PLAN_ISSUED -> {
                PlanIssued issued = event.data(json, PlanIssued.class);
                upsert(issued.programId(), issued.patientId(), issued.clinicianId(), issued.version());
            }
            case EventTypes.PLAN_ADJUSTED -> {
                PlanAdjusted adjusted = event.data(json, PlanAdjusted.class);
                if (adjusted.outcome() == AdjustmentOutcome.APPLIED) {
                    upsert(adjusted.programId(), adjusted.patientId(), adjusted.clinicianId(), adjusted.version());
                }
            }
            default -> {
                // other plan events do not concern logging
            }
        }
    }

    private static void upsert(UUID programId, UUID patientId, UUID clinicianId, int version) {
        PatientProgram program = PatientProgram.findById(programId);
        if (program == null) {
            program = new PatientProgram();
            program.programId = programId;
            program.patientId = patientId;
            program.clinicianId = clinicianId;
            program.latestVersion = version;
            program.updatedAt = Instant.now();
            program.persist();
        } else if (version > program.latestVersion) {
            program.latestVersion = version;
            program.updatedAt = Instant.now();
        }
    }
}
