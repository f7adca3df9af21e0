package org.rehabloop.assessment.alert;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.transaction.Transactional;
import org.rehabloop.kit.jdbc.Sql;
import org.rehabloop.kit.outbox.Outbox;
import org.rehabloop.assessment.projection.HistoryRepository;
import org.rehabloop.assessment.rules.Finding;
import org.rehabloop.assessment.rules.History;
import org.rehabloop.assessment.rules.RuleBook;
import org.rehabloop.assessment.rules.RuleThresholds;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.contracts.AdjustmentOutcome;
import org.rehabloop.contracts.AdjustmentRequested;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.AlertChanged;
import org.rehabloop.contracts.AlertStatus;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PlanAdjusted;
import org.rehabloop.contracts.Topics;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

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
    AlertFeed feed;

    @Inject
    Sql sql;

    @Inject
    Clock clock;

    @Inject
    RuleThresholds thresholds;

    /** How many observations an open alert keeps: the first, and the latest after it. */
    @ConfigProperty(name = "rehabloop.alerts.evidence-kept", defaultValue = "50")
    int evidenceKept;

    /** {@link #ruleBook()}: the thresholds are fixed at start, so it is built once, not for every event. */
    private volatile RuleBook rules;

    /**
     * An alert that stays open while its rule keeps firing (a plateau over months) would otherwise carry every repeat,
     * and each new event would read and rewrite all of them. It keeps what raised it and the latest repeats.
     */
    List<AlertChanged.Evidence> kept(List<AlertChanged.Evidence> known, List<AlertChanged.Evidence> fresh) {
        List<AlertChanged.Evidence> all = new java.util.ArrayList<>(known);
        all.addAll(fresh);
        int most = Math.max(2, evidenceKept);
        if (all.size() <= most) {
            return all;
        }
        List<AlertChanged.Evidence> kept = new java.util.ArrayList<>(most);
        kept.add(all.get(0));
        kept.addAll(all.subList(all.size() - (most - 1), all.size()));
        return kept;
    }

    private static Prescription find(List<Prescription> prescriptions, String exerciseCode) {
        return prescriptions == null || exerciseCode == null ? null : prescriptions.stream()
                .filter(p -> p.exerciseCode().equals(exerciseCode)).findFirst().orElse(null);
    }

    /** Every rule with this deployment's thresholds: the one rule book of the live path, the daily run and simulation. */
    public RuleBook ruleBook() {
        RuleBook book = rules;
        if (book == null) {
            book = RuleBook.standard(thresholds);
            rules = book;
        }
        return book;
    }

    /** Runs the rules; false when the programme is not known yet (its plan.issued has not arrived). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean assess(UUID programId, Trigger trigger) {
        Instant now = clock.instant();
        return histories.of(programId, trigger, now).map(history -> {
            Unresolved unresolved = new Unresolved(history.program().patientId());
            judge(history, trigger, now, unresolved);
            unresolved.publish(feed);
            return true;
        }).orElse(false);
    }

    /**
     * Runs the rules for each of {@code triggers}, stored events of one programme, in that order, over one reading of
     * its history: judged as of now, they all see the same history (each is in it already), and what the rules
     * conclude for one changes alerts, not the history. {@code earliest} is when the earliest of them happened. False
     * when the programme is not known yet.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean assessAll(UUID programId, List<Trigger> triggers, Instant earliest) {
        return triggers.isEmpty() || assessEach(Map.of(programId, triggers), Map.of(programId, earliest)).contains(programId);
    }

    /**
     * {@link #assessAll} for several programmes (a consumer transaction's events, by programme, in the order they
     * came), their histories read together ({@link HistoryRepository#ofAll}). The rules run first, for every event
     * (they read only the history); then the unresolved alerts of the patients whose findings change alerts are read
     * and locked together, and the findings recorded in order. A programme not known yet is left: its events are
     * judged when its plan.issued comes. The programmes judged.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> assessEach(Map<UUID, List<Trigger>> triggers, Map<UUID, Instant> earliest) {
        Instant now = clock.instant();
        Map<UUID, History> histories = this.histories.ofAll(earliest, now);
        Map<UUID, List<List<Finding>>> findings = new LinkedHashMap<>();
        Set<UUID> alerting = new HashSet<>();
        histories.forEach((programId, history) -> {
            List<List<Finding>> each = ruleBook().evaluateEach(history, triggers.getOrDefault(programId, List.of()), now);
            if (each.stream().flatMap(List::stream).anyMatch(f -> f.category() != null)) {
                alerting.add(history.program().patientId());
            }
            findings.put(programId, each);
        });
        Map<UUID, Unresolved> unresolved = new LinkedHashMap<>();
        Alert.unresolvedOf(alerting).forEach((patientId, alerts) -> unresolved.put(patientId, new Unresolved(patientId, alerts)));
        histories.forEach((programId, history) -> {
            Unresolved patient = unresolved.computeIfAbsent(history.program().patientId(), Unresolved::new);
            findings.get(programId).forEach(found -> recordAll(history, found, patient));
        });
        // the transaction's changes, every patient's, in one statement
        Map<Alert, Boolean> changed = new LinkedHashMap<>();
        unresolved.values().forEach(patient -> patient.drainTo(changed));
        feed.changedAll(changed);
        return histories.keySet();
    }

    /**
     * A patient's unresolved alerts by {@link Alert#key}, read (and locked) when a finding first needs them, then kept
     * for the events judged after it over the same history: an alert one of them raises is added here, where the next
     * sees it before it is flushed to the table. The alerts the assessment changed go to the feed once each, in their
     * state at its end ({@link #publish}): a backlog judged in one transaction changes an alert many times (a plateau
     * in a replay, once per session), and no one could have seen the states between.
     */
    private static final class Unresolved {
        private final UUID patientId;
        private Map<String, Alert> byKey;
        /** The alerts changed, in the order they first changed; true when raised by this assessment. */
        private final Map<Alert, Boolean> changed = new LinkedHashMap<>();

        Unresolved(UUID patientId) {
            this.patientId = patientId;
        }

        /** Those already read (and locked). */
        Unresolved(UUID patientId, Map<String, Alert> byKey) {
            this.patientId = patientId;
            this.byKey = byKey;
        }

        Map<String, Alert> alerts() {
            if (byKey == null) {
                byKey = Alert.unresolvedOf(patientId);
            }
            return byKey;
        }

        boolean read() {
            return byKey != null;
        }

        void changed(Alert alert, boolean raised) {
            changed.merge(alert, raised, Boolean::logicalOr);
        }

        /** Each changed alert to the feed (and assessment.alerts): raised, if this assessment raised it; else updated. */
        void publish(AlertFeed feed) {
            feed.changedAll(changed);
            changed.clear();
        }

        /** The changed alerts, added to {@code all} in the order they first changed, for the feed. */
        void drainTo(Map<Alert, Boolean> all) {
            all.putAll(changed);
            changed.clear();
        }
    }

    private void judge(History history, Trigger trigger, Instant now, Unresolved unresolved) {
        recordAll(history, ruleBook().evaluate(history, trigger, now), unresolved);
    }

    private void recordAll(History history, List<Finding> findings, Unresolved unresolved) {
        if (findings.stream().anyMatch(f -> f.category() != null)) {
            // read (and locked) only when an alert finding will change them, before a progress finding asks
            unresolved.alerts();
        }
        for (Finding finding : findings) {
            record(history, finding, unresolved);
        }
    }

    private void record(History history, Finding finding, Unresolved unresolved) {
        if (finding.category() == null) {
            requestProgress(history, finding, unresolved);
            return;
        }
        Instant now = clock.instant();
        List<AlertChanged.Evidence> evidence = finding.evidence().stream()
                .map(e -> new AlertChanged.Evidence(e.sessionId(), e.at(), e.metric(), e.value(), e.threshold())).toList();
        Alert alert = unresolved.alerts().get(Alert.key(finding.ruleCode(), finding.exerciseCode()));
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
        alert.evidence = kept(alert.evidence, evidence);
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
            unresolved.alerts().put(Alert.key(alert.ruleCode, alert.exerciseCode), alert);
        }
        unresolved.changed(alert, raised);
    }

    /**
     * A progress finding raises no alert: it asks plan-service to progress, once per programme version, and not
     * while the patient has an unresolved OVERLOAD alert (RULES.md: PRG-2FOR2), including one raised by this event.
     */
    private void requestProgress(History history, Finding finding, Unresolved unresolved) {
        Finding.RequestedAdjustment adjustment = finding.adjustment();
        if (adjustment == null) {
            return;
        }
        UUID patientId = history.program().patientId();
        if (unresolved.read() && overloaded(unresolved)) {
            return;
        }
        UUID requestId = UUID.randomUUID();
        Instant now = clock.instant();
        // when no alert changed here the table answers whether the patient is overloaded, in the same statement
        int inserted = sql.update("INSERT INTO progress_request (program_id, based_on_version, rule_code, exercise_code, "
                        + "request_id, requested_at) SELECT ?, ?, ?, ?, ?, ? WHERE CAST(? AS boolean) OR NOT EXISTS "
                        + "(SELECT 1 FROM alert WHERE patient_id = ? AND category = ? AND status <> ?) ON CONFLICT DO NOTHING",
                history.program().programId(), history.program().version(), finding.ruleCode(),
                adjustment.exerciseCode() == null ? "" : adjustment.exerciseCode(), requestId, now, unresolved.read(),
                patientId, AlertCategory.OVERLOAD, AlertStatus.RESOLVED);
        if (inserted == 1) {
            outbox.publish(Topics.PLAN_ADJUSTMENTS, patientId, EventTypes.ADJUSTMENT_REQUESTED,
                    new AdjustmentRequested(requestId, patientId, history.program().programId(),
                            history.program().version(), adjustment.type(), adjustment.exerciseCode(), finding.ruleCode(),
                            null, progressReason(finding), null, adjustment.replacementCode(), now));
        }
    }

    /**
     * Whether the patient has an unresolved OVERLOAD alert, once alert findings have read the unresolved alerts: they are
     * the answer (one raised here is there, not yet in the table). Before that no alert changed here, and the table is.
     */
    private static boolean overloaded(Unresolved unresolved) {
        return unresolved.alerts().values().stream().anyMatch(alert -> alert.category == AlertCategory.OVERLOAD);
    }

    private static String progressReason(Finding finding) {
        return finding.ruleCode() + (finding.exerciseCode() == null ? "" : " on " + AlertWording.exercise(finding.exerciseCode()))
                + ": " + finding.evidence().size() + " observation(s) met the rule";
    }

    /**
     * plan-service's answer to one of our requests is shown on the alert that asked for it, in its message too
     * ({@code before}: the programme's prescriptions before the change, read only when such an alert is found).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void outcome(PlanAdjusted adjusted, Supplier<List<Prescription>> prescriptionsBefore) {
        if (adjusted.requestId() == null || adjusted.alertId() == null) {
            return;
        }
        Alert alert = Alert.forChange(adjusted.alertId());
        if (alert == null || alert.adjustment == null || !adjusted.requestId().equals(alert.adjustment.requestId())) {
            return;
        }
        // only an applied change is worded with the dose before it: no read for a proposal or a refusal
        List<Prescription> before = adjusted.outcome() == AdjustmentOutcome.APPLIED ? prescriptionsBefore.get() : List.of();
        alert.adjustment = new AlertChanged.Adjustment(alert.adjustment.requestId(), alert.adjustment.type(),
                alert.adjustment.exerciseCode(), adjusted.outcome());
        String exercise = alert.adjustment.exerciseCode();
        Prescription was = find(before, exercise);
        Prescription now = adjusted.outcome() == AdjustmentOutcome.APPLIED && adjusted.prescriptions() != null
                ? adjusted.prescriptions().stream().filter(p -> p.block() == (was == null ? null : was.block())
                        && (p.exerciseCode().equals(exercise) || find(before, p.exerciseCode()) == null))
                        .findFirst().orElse(null)
                : null;
        alert.message = AlertWording.withOutcome(alert.message, alert.adjustment.type(), adjusted.outcome(), was, now,
                adjusted.outcome() == AdjustmentOutcome.REJECTED ? adjusted.reason() : null);
        alert.updatedAt = clock.instant();
        feed.changed(alert, false);
    }
}
