package org.rehabloop.assessment.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.assessment.alert.AlertService;
import org.rehabloop.kit.audit.AuditLog;
import org.rehabloop.kit.inbox.Inbox;
import org.rehabloop.kit.inbox.IncomingEvent;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.assessment.webhook.WebhookMessages;
import org.rehabloop.contracts.AdjustmentOutcome;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PlanAdjusted;
import org.rehabloop.contracts.PlanIssued;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Topics;

import java.time.Instant;
import java.util.List;

/** Programmes and their versions from plan-service, and the outcomes of our adjustment requests. */
@ApplicationScoped
public class PlanEventsConsumer {
    @Inject
    Inbox inbox;

    @Inject
    ObjectMapper json;

    @Inject
    AuditLog audit;

    @Inject
    AlertService alerts;

    @Inject
    WebhookMessages webhooks;

    @Incoming("plan-events")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, String> record) throws Exception {
        IncomingEvent event = IncomingEvent.of(record);
        audit.event(event.type(), event.id(), event.subject() == null ? null : java.util.UUID.fromString(event.subject()));
        if (!inbox.firstDelivery(event.id(), Topics.PLAN_EVENTS)) {
            return;
        }
        switch (event.type()) {
            case EventTypes.PLAN_ISSUED -> {
                PlanIssued issued = json.readValue(event.data(), PlanIssued.class);
                issued(issued);
                assessWaitingSessions(issued);
                webhooks.publish("plan.issued", issued.patientId(), issued.clinicianId(), issued, issued.issuedAt());
            }
            case EventTypes.PLAN_ADJUSTED -> {
                PlanAdjusted adjusted = json.readValue(event.data(), PlanAdjusted.class);
                PatientProgram program = PatientProgram.findById(adjusted.programId());
                List<Prescription> before = program == null ? List.of() : program.prescriptions;
                if (adjusted.outcome() == AdjustmentOutcome.APPLIED) {
                    applied(adjusted);
                }
                alerts.outcome(adjusted, before);
                if (adjusted.outcome() != AdjustmentOutcome.REJECTED) {
                    webhooks.publish(adjusted.outcome() == AdjustmentOutcome.APPLIED ? "plan.adjusted" : "adjustment.proposed",
                            adjusted.patientId(), adjusted.clinicianId(), adjusted, adjusted.adjustedAt());
                }
            }
            default -> {
                // not for us
            }
        }
    }

    private static void issued(PlanIssued e) {
        PatientProgram program = PatientProgram.findById(e.programId());
        if (program != null) {
            return;
        }
        program = new PatientProgram();
        program.programId = e.programId();
        program.patientId = e.patientId();
        program.clinicianId = e.clinicianId();
        program.templateCode = e.templateCode();
        program.version = e.version();
        program.sessionsPerWeek = e.sessionsPerWeek();
        program.autoAdjust = e.autoAdjust();
        program.startDate = e.startDate();
        program.phase = e.phase();
        program.prescriptions = e.prescriptions();
        program.updatedAt = Instant.now();
        program.persist();
    }

    /** Sessions that arrived before their programme are judged now, in event-time order. */
    private void assessWaitingSessions(PlanIssued issued) {
        for (SessionRecord waiting : SessionRecord.<SessionRecord>list(
                "programId = ?1 and assessed = false order by performedAt, id", issued.programId())) {
            waiting.assessed = alerts.assess(issued.programId(), Trigger.session(waiting.id));
        }
    }

    private static void applied(PlanAdjusted e) {
        PatientProgram program = PatientProgram.findById(e.programId());
        if (program == null || e.version() <= program.version) {
            return;
        }
        program.version = e.version();
        program.sessionsPerWeek = e.sessionsPerWeek();
        program.autoAdjust = e.autoAdjust();
        program.phase = e.phase();
        program.prescriptions = e.prescriptions();
        program.updatedAt = Instant.now();
    }
}
