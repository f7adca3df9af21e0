package org.rehabloop.assessment.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.rehabloop.assessment.alert.AlertService;
import org.rehabloop.kit.inbox.IncomingEvent;
import org.rehabloop.kit.jdbc.Sql;
import org.rehabloop.kit.tx.Consuming;
import org.rehabloop.kit.tx.PerTransaction;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.assessment.webhook.WebhookMessages;
import org.rehabloop.contracts.AdjustmentOutcome;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PlanAdjusted;
import org.rehabloop.contracts.PlanIssued;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Topics;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Programmes and their versions from plan-service, and the outcomes of our adjustment requests. Taken a poll at a
 * time through the lanes that workout events take (see {@link org.rehabloop.kit.tx.Consuming#onceEach}): a patient's
 * events of both topics share a lane and keep their order. What the rules make of a transaction's programmes is
 * judged once its events are applied, all programmes over one reading of their histories
 * ({@link AlertService#assessEach}): a new instance replaying the topics finds a programme's sessions waiting for
 * its plan.issued, and its versions one after the other.
 */
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

    @Inject
    TransactionSynchronizationRegistry transaction;

    @Inject
    Clock clock;

    /** This transaction's programmes to judge ({@link Judged}), in the order they came, in its registry. */
    private static final Object JUDGED = Judged.class;

    /**
     * What a programme's events in this transaction leave to judge: the sessions and check-ins that waited for it (once
     * it is issued), and the rules over time (once it has a new version or phase).
     */
    private static final class Judged {
        final UUID patientId;
        boolean issued;
        boolean changed;

        Judged(UUID patientId) {
            this.patientId = patientId;
        }
    }

    @Incoming("plan-events")
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return patients.applyEach(batch, Topics.PLAN_EVENTS, Consuming.Effect.withAfterLast(this::apply, this::judge));
    }

    private void apply(IncomingEvent event) throws Exception {
        switch (event.type()) {
            case EventTypes.PLAN_ISSUED -> {
                PlanIssued issued = event.data(json, PlanIssued.class);
                issued(issued);
                judgeLater(issued.programId(), issued.patientId()).issued = true;
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
                    judgeLater(adjusted.programId(), adjusted.patientId()).changed = true;
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

    private Judged judgeLater(UUID programId, UUID patientId) {
        Map<UUID, Judged> programmes = PerTransaction.get(transaction, JUDGED, LinkedHashMap::new);
        return programmes.computeIfAbsent(programId, id -> new Judged(patientId));
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

    /**
     * The rules for this transaction's programmes, each over one reading of its history: for one just issued, the
     * sessions and check-ins that arrived before it (a new instance replaying the topics may find hundreds waiting),
     * in event-time order, the sessions then the check-ins; for one with a new version, the rules over time. Those
     * that waited are marked judged in one statement each for sessions and check-ins.
     */
    private void judge() {
        Map<UUID, Judged> programmes = PerTransaction.get(transaction, JUDGED, LinkedHashMap::new);
        Map<UUID, Judged> taken = new LinkedHashMap<>(programmes);
        programmes.clear();
        if (taken.isEmpty()) {
            return;
        }
        Map<UUID, List<Trigger>> triggers = new LinkedHashMap<>();
        Map<UUID, Instant> earliest = new LinkedHashMap<>();
        taken.keySet().forEach(programId -> triggers.put(programId, new ArrayList<>()));
        Map<UUID, List<UUID>> sessions = waitingSessions(taken, triggers, earliest);
        Map<UUID, List<UUID>> checkIns = waitingCheckIns(taken, triggers, earliest);
        Instant now = clock.instant();
        taken.forEach((programId, judged) -> {
            if (judged.changed) {
                triggers.get(programId).add(Trigger.SCHEDULE);
                earliest.merge(programId, now, (a, b) -> a.isBefore(b) ? a : b);
            }
        });
        triggers.values().removeIf(List::isEmpty);
        Set<UUID> judged = alerts.assessEach(triggers, earliest);
        markAssessed("session_record", judged, sessions);
        markAssessed("pain_record", judged, checkIns);
    }

    /** The stored sessions of the programmes just issued that have not been judged, queued in event-time order; their ids by programme. */
    private Map<UUID, List<UUID>> waitingSessions(Map<UUID, Judged> taken, Map<UUID, List<Trigger>> triggers,
            Map<UUID, Instant> earliest) {
        UUID[] issued = taken.entrySet().stream().filter(e -> e.getValue().issued).map(Map.Entry::getKey).toArray(UUID[]::new);
        Map<UUID, List<UUID>> waiting = new HashMap<>();
        if (issued.length == 0) {
            return waiting;
        }
        sql.query("SELECT program_id, id, performed_at FROM session_record WHERE program_id = ANY(?) AND NOT assessed "
                + "ORDER BY performed_at, id", (statement, connection) ->
                        statement.setArray(1, connection.createArrayOf("uuid", issued)), rows -> {
                    while (rows.next()) {
                        UUID programId = rows.getObject(1, UUID.class);
                        UUID id = rows.getObject(2, UUID.class);
                        waiting.computeIfAbsent(programId, p -> new ArrayList<>()).add(id);
                        triggers.get(programId).add(Trigger.session(id));
                        earliest.putIfAbsent(programId, rows.getObject(3, OffsetDateTime.class).toInstant());
                    }
                    return null;
                });
        return waiting;
    }

    /**
     * The check-ins not judged yet of the patients whose programme was just issued, queued for the programme the patient
     * was on at their time when that is one of them; their ids by programme.
     */
    private Map<UUID, List<UUID>> waitingCheckIns(Map<UUID, Judged> taken, Map<UUID, List<Trigger>> triggers,
            Map<UUID, Instant> earliest) {
        UUID[] patientsOf = taken.values().stream().filter(j -> j.issued).map(j -> j.patientId).distinct().toArray(UUID[]::new);
        Map<UUID, List<UUID>> waiting = new HashMap<>();
        if (patientsOf.length == 0) {
            return waiting;
        }
        List<PainRecord> found = PainRecord.list("patientId in ?1 and assessed = false order by at, id", List.of(patientsOf));
        for (PainRecord checkIn : found) {
            PatientProgram.at(checkIn.patientId, checkIn.at).map(program -> program.programId)
                    .filter(programId -> taken.containsKey(programId) && taken.get(programId).issued)
                    .ifPresent(programId -> {
                        waiting.computeIfAbsent(programId, p -> new ArrayList<>()).add(checkIn.id);
                        triggers.get(programId).add(Trigger.checkIn(checkIn.id));
                        earliest.merge(programId, checkIn.at, (a, b) -> a.isBefore(b) ? a : b);
                    });
        }
        return waiting;
    }

    /** Marks judged, in {@code table}, the waiting rows ({@code waiting}, by programme) of the programmes {@code judged}. */
    private void markAssessed(String table, Set<UUID> judged, Map<UUID, List<UUID>> waiting) {
        UUID[] ids = waiting.entrySet().stream().filter(e -> judged.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream()).toArray(UUID[]::new);
        if (ids.length > 0) {
            sql.update("UPDATE " + table + " SET assessed = true WHERE id = ANY(?)", (statement, connection) ->
                    statement.setArray(1, connection.createArrayOf("uuid", ids)));
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
