package org.rehabloop.logging.program;

import org.rehabloop.kit.tx.Consuming;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.contracts.AdjustmentOutcome;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PlanAdjusted;
import org.rehabloop.contracts.PlanIssued;
import org.rehabloop.contracts.Topics;
import org.rehabloop.kit.inbox.IncomingEvent;

import java.time.Instant;
import java.util.UUID;

/** Keeps {@link PatientProgram} in step with plan-service, idempotently. */
@ApplicationScoped
public class PlanEventsConsumer {
    @Inject
    Consuming consuming;

    @Inject
    ObjectMapper json;

    @Incoming("plan-events")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        consuming.once(record, Topics.PLAN_EVENTS, this::apply);
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
