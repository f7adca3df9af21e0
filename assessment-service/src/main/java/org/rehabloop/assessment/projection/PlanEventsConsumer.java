package org.rehabloop.assessment.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.assessment.alert.AlertService;
import org.rehabloop.kit.inbox.IncomingEvent;
import org.rehabloop.kit.jdbc.Sql;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.assessment.webhook.WebhookMessages;
import org.rehabloop.contracts.AdjustmentOutcome;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PlanAdjusted;
import org.rehabloop.contracts.PlanIssued;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Topics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Programmes and their versions from plan-service, and the outcomes of our adjustment requests. */
@ApplicationScoped
public class PlanEventsConsumer {
    @Inject
    ObjectMapper json;

    @Inject
    AlertService alerts;

    @Inject
    WebhookMessages webhooks;

    @Inject
    PatientLock patients;

    @Inject
    Sql sql;

    @Incoming("plan-events")
    @Blocking(ordered = false)
    public void consume(ConsumerRecord<String, String> record) {
        patients.applyOnce(record, Topics.PLAN_EVENTS, this::apply);
    }

    private void apply(IncomingEvent event) throws Exception {
        switch (event.type()) {
            case EventTypes.PLAN_ISSUED -> {
                PlanIssued issued = event.data(json, PlanIssued.class);
                issued(issued);
                assessWaiting(issued);
                webhooks.publish("plan.issued", issued.patientId(), issued.clinicianId(), issued, issued.issuedAt());
            }
            case EventTypes.PLAN_ADJUSTED -> {
                PlanAdjusted adjusted = event.data(json, PlanAdjusted.class);
                PatientProgram program = PatientProgram.findById(adjusted.programId());
                List<Prescription> before = program == null ? List.of() : program.prescriptions;
                boolean changed = adjusted.outcome() == AdjustmentOutcome.APPLIED && applied(adjusted);
                alerts.outcome(adjusted, before);
                if (changed) {
                    // a new version or phase changes what the rules over time conclude (adherence, phase advance)
                    alerts.assess(adjusted.programId(), Trigger.SCHEDULE);
                }
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
        program.issuedAt = e.issuedAt() == null ? program.updatedAt : e.issuedAt();
        program.persist();
    }

    /** Sessions and check-ins that arrived before their programme are judged now, in event-time order. */
    private void assessWaiting(PlanIssued issued) {
        // ids only, marked in one statement: a new instance replaying the topics may find hundreds waiting
        List<UUID> sessions = sql.query("SELECT id FROM session_record WHERE program_id = ? AND NOT assessed "
                + "ORDER BY performed_at, id", rows -> {
                    List<UUID> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                    return ids;
                }, issued.programId());
        List<UUID> assessed = sessions.stream()
                .filter(id -> alerts.assess(issued.programId(), Trigger.session(id))).toList();
        if (!assessed.isEmpty()) {
            sql.update("UPDATE session_record SET assessed = true WHERE id = ANY(?)", (statement, connection) ->
                    statement.setArray(1, connection.createArrayOf("uuid", assessed.toArray())));
        }
        for (PainRecord waiting : PainRecord.<PainRecord>list("patientId = ?1 and assessed = false order by at, id",
                issued.patientId())) {
            boolean ours = PatientProgram.at(waiting.patientId, waiting.at)
                    .filter(program -> program.programId.equals(issued.programId())).isPresent();
            if (ours) {
                waiting.assessed = alerts.assess(issued.programId(), Trigger.checkIn(waiting.id));
            }
        }
    }

    /** Applies a newer version to the projection; false when it is not newer (a redelivery or an old event). */
    private static boolean applied(PlanAdjusted e) {
        PatientProgram program = PatientProgram.findById(e.programId());
        if (program == null || e.version() <= program.version) {
            return false;
        }
        program.version = e.version();
        program.sessionsPerWeek = e.sessionsPerWeek();
        program.autoAdjust = e.autoAdjust();
        program.phase = e.phase();
        program.prescriptions = e.prescriptions();
        program.updatedAt = Instant.now();
        return true;
    }
}
