package org.rehabloop.assessment.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.assessment.alert.AlertService;
import org.rehabloop.kit.inbox.IncomingEvent;
import org.rehabloop.kit.jdbc.Sql;
import org.rehabloop.kit.tx.AfterCommit;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.assessment.webhook.WebhookMessages;
import org.rehabloop.contracts.AdjustmentOutcome;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PlanAdjusted;
import org.rehabloop.contracts.PlanIssued;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Topics;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** Programmes and their versions from plan-service, and the outcomes of our adjustment requests. */
@ApplicationScoped
public class PlanEventsConsumer {
    private static final TypeReference<List<Prescription>> PRESCRIPTIONS = new TypeReference<>() {
    };

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

    @Inject
    AfterCommit afterCommit;

    @Inject
    BacklogJudge judge;

    /**
     * Handed over a poll at a time, as workout events are ({@link org.rehabloop.kit.tx.Consuming#onceEach}): a new
     * instance replaying the topic applies many programmes per transaction rather than one each.
     */
    @Incoming("plan-events")
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return patients.applyEach(batch, Topics.PLAN_EVENTS, this::apply);
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
                String replaced = adjusted.outcome() == AdjustmentOutcome.APPLIED ? applied(adjusted) : null;
                boolean changed = replaced != null;
                alerts.outcome(adjusted, () -> changed ? readPrescriptions(replaced) : prescriptions(adjusted.programId()));
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

    /**
     * Stores the programme unless it is known: one statement (a replay stores thousands; loading each to see that it
     * is not there, then inserting it through the entity, was most of a plan.issued's cost). The JSON columns are
     * written as the entity reads them.
     */
    private void issued(PlanIssued e) throws JsonProcessingException {
        Instant now = Instant.now();
        sql.update("INSERT INTO patient_program (program_id, patient_id, clinician_id, template_code, version, "
                        + "sessions_per_week, auto_adjust, start_date, phase, prescriptions, updated_at, issued_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?) "
                        + "ON CONFLICT (program_id) DO NOTHING",
                e.programId(), e.patientId(), e.clinicianId(), e.templateCode(), e.version(), e.sessionsPerWeek(),
                e.autoAdjust(), e.startDate(), json.writeValueAsString(e.phase()), json.writeValueAsString(e.prescriptions()),
                now, e.issuedAt() == null ? now : e.issuedAt());
    }

    /**
     * Sessions and check-ins that arrived before their programme. The sessions are left to the {@link BacklogJudge},
     * woken once this transaction has committed: it judges them in event-time order over one reading of the
     * programme's history, as it judges a backlog, and many programmes in one transaction (a new instance replaying the
     * topics finds thousands of programmes with hundreds of sessions waiting each; judged here, a programme a
     * transaction, they were most of a replay's work). The check-ins are judged now, as a backlog's check-ins are, over
     * a history that holds every stored session.
     */
    private void assessWaiting(PlanIssued issued) {
        Boolean sessionsWait = sql.single("SELECT EXISTS (SELECT 1 FROM session_record WHERE program_id = ? AND NOT assessed)",
                Boolean.class, issued.programId());
        if (Boolean.TRUE.equals(sessionsWait)) {
            afterCommit.run(judge::wake);
        }
        // the patient's check-ins that wait (plain SQL: most programmes find none)
        Map<UUID, Instant> waitingCheckIns = sql.query("SELECT id, at FROM pain_record WHERE patient_id = ? AND NOT assessed "
                + "ORDER BY at, id", rows -> {
                    Map<UUID, Instant> found = new LinkedHashMap<>();
                    while (rows.next()) {
                        found.put(rows.getObject(1, UUID.class), rows.getObject(2, OffsetDateTime.class).toInstant());
                    }
                    return found;
                }, issued.patientId());
        List<UUID> checkIns = new ArrayList<>();
        List<Trigger> triggers = new ArrayList<>();
        Instant earliest = null;
        for (Map.Entry<UUID, Instant> waiting : waitingCheckIns.entrySet()) {
            boolean ours = PatientProgram.at(issued.patientId(), waiting.getValue())
                    .filter(program -> program.programId.equals(issued.programId())).isPresent();
            if (ours) {
                checkIns.add(waiting.getKey());
                triggers.add(Trigger.checkIn(waiting.getKey()));
                earliest = earliest == null ? waiting.getValue() : earliest;
            }
        }
        if (triggers.isEmpty() || !alerts.assessAll(issued.programId(), triggers, earliest)) {
            return;
        }
        markAssessed("pain_record", checkIns);
    }

    private void markAssessed(String table, List<UUID> ids) {
        if (!ids.isEmpty()) {
            sql.update("UPDATE " + table + " SET assessed = true WHERE id = ANY(?)", (statement, connection) ->
                    statement.setArray(1, connection.createArrayOf("uuid", ids.toArray())));
        }
    }

    /**
     * Applies a newer version to the projection, in one statement: the prescriptions it replaced (JSON), or null when
     * it is not newer (a redelivery or an old event) or the programme is not known.
     */
    private String applied(PlanAdjusted e) throws JsonProcessingException {
        return sql.query("UPDATE patient_program p SET version = ?, sessions_per_week = ?, auto_adjust = ?, "
                        + "phase = CAST(? AS jsonb), prescriptions = CAST(? AS jsonb), updated_at = ? "
                        + "FROM (SELECT program_id, prescriptions FROM patient_program WHERE program_id = ? FOR UPDATE) old "
                        + "WHERE p.program_id = old.program_id AND p.version < ? RETURNING CAST(old.prescriptions AS text)",
                rows -> rows.next() ? rows.getString(1) : null,
                e.version(), e.sessionsPerWeek(), e.autoAdjust(), json.writeValueAsString(e.phase()),
                json.writeValueAsString(e.prescriptions()), Instant.now(), e.programId(), e.version());
    }

    /** The programme's prescriptions as stored (none when it is not known). */
    private List<Prescription> prescriptions(UUID programId) {
        return readPrescriptions(sql.query("SELECT CAST(prescriptions AS text) FROM patient_program WHERE program_id = ?",
                rows -> rows.next() ? rows.getString(1) : null, programId));
    }

    private List<Prescription> readPrescriptions(String stored) {
        try {
            return stored == null ? List.of() : json.readValue(stored, PRESCRIPTIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored prescriptions are not readable", e);
        }
    }
}
