package org.rehabloop.assessment.alert;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.rehabloop.assessment.outbox.Outbox;
import org.rehabloop.assessment.projection.HistoryRepository;
import org.rehabloop.assessment.rules.Finding;
import org.rehabloop.assessment.rules.History;
import org.rehabloop.assessment.rules.RuleBook;
import org.rehabloop.assessment.rules.RuleThresholds;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.contracts.AdjustmentRequested;
import org.rehabloop.contracts.AlertChanged;
import org.rehabloop.contracts.AlertStatus;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PlanAdjusted;
import org.rehabloop.contracts.Topics;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Runs the rules over a patient's history and turns findings into alerts and adjustment requests, all through the
 * outbox in the caller's transaction.
 */
@ApplicationScoped
public class AlertService {
    @Inject
    HistoryRepository histories;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    RuleThresholds thresholds;

    RuleBook ruleBook() {
        return RuleBook.standard(thresholds);
    }

    /** Runs the rules; false when the programme is not known yet (its plan.issued has not arrived). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean assess(UUID programId, Trigger trigger) {
        return histories.of(programId).map(history -> {
            for (Finding finding : ruleBook().evaluate(history, trigger, clock.instant())) {
                record(history, finding);
            }
            return true;
        }).orElse(false);
    }

    private void record(History history, Finding finding) {
        Instant now = clock.instant();
        List<AlertChanged.Evidence> evidence = finding.evidence().stream()
                .map(e -> new AlertChanged.Evidence(e.sessionId(), e.at(), e.metric(), e.value(), e.threshold())).toList();
        Alert alert = Alert.unresolved(history.program().patientId(), finding.ruleCode(), finding.exerciseCode()).orElse(null);
        boolean raised = alert == null;
        if (raised) {
            alert = new Alert();
            alert.id = UUID.randomUUID();
            alert.patientId = history.program().patientId();
            alert.clinicianId = history.program().clinicianId();
            alert.programId = history.program().programId();
            alert.ruleCode = finding.ruleCode();
            alert.exerciseCode = finding.exerciseCode();
            alert.category = finding.category();
            alert.status = AlertStatus.OPEN;
            alert.createdAt = now;
        } else {
            List<AlertChanged.Evidence> known = alert.evidence;
            List<AlertChanged.Evidence> fresh = evidence.stream().filter(e -> !known.contains(e)).toList();
            if (fresh.isEmpty()) {
                return;
            }
            evidence = fresh;
        }
        alert.severity = raised || finding.severity().compareTo(alert.severity) > 0 ? finding.severity() : alert.severity;
        alert.title = AlertWording.title(finding);
        alert.message = AlertWording.message(finding);
        alert.evidence = new java.util.ArrayList<>(alert.evidence);
        alert.evidence.addAll(evidence);
        alert.updatedAt = now;
        if (finding.adjustment() != null) {
            UUID requestId = UUID.randomUUID();
            alert.adjustment = new AlertChanged.Adjustment(requestId, finding.adjustment().type(),
                    finding.adjustment().exerciseCode(), null);
            outbox.publish(Topics.PLAN_ADJUSTMENTS, alert.patientId, EventTypes.ADJUSTMENT_REQUESTED,
                    new AdjustmentRequested(requestId, alert.patientId, history.program().programId(),
                            history.program().version(), finding.adjustment().type(), finding.adjustment().exerciseCode(),
                            finding.ruleCode(), alert.id, alert.message, finding.adjustment().painDuring(),
                            finding.adjustment().replacementCode(), now));
        }
        if (raised) {
            alert.persist();
        }
        outbox.publish(Topics.ASSESSMENT_ALERTS, alert.patientId, raised ? EventTypes.ALERT_RAISED : EventTypes.ALERT_UPDATED,
                alert.toEvent());
    }

    /** plan-service's answer to one of our requests is shown on the alert that asked for it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void outcome(PlanAdjusted adjusted) {
        if (adjusted.requestId() == null || adjusted.alertId() == null) {
            return;
        }
        Alert alert = Alert.findById(adjusted.alertId());
        if (alert == null || alert.adjustment == null || !adjusted.requestId().equals(alert.adjustment.requestId())) {
            return;
        }
        alert.adjustment = new AlertChanged.Adjustment(alert.adjustment.requestId(), alert.adjustment.type(),
                alert.adjustment.exerciseCode(), adjusted.outcome());
        alert.updatedAt = clock.instant();
        outbox.publish(Topics.ASSESSMENT_ALERTS, alert.patientId, EventTypes.ALERT_UPDATED, alert.toEvent());
    }
}
