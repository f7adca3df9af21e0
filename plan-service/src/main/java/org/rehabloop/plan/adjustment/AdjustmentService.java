package org.rehabloop.plan.adjustment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.rehabloop.contracts.AdjustmentOutcome;
import org.rehabloop.contracts.AdjustmentRequested;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AutoAdjust;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PlanAdjusted;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Topics;
import org.rehabloop.plan.catalog.Catalogue;
import org.rehabloop.plan.catalog.ProgramTemplate;
import org.rehabloop.plan.catalog.TemplatePhase;
import org.rehabloop.plan.catalog.TemplatePrescription;
import org.rehabloop.kit.outbox.Outbox;
import org.rehabloop.plan.program.Program;
import org.rehabloop.plan.program.ProgramVersion;
import org.rehabloop.kit.problem.ProblemException;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies adjustments to programmes under the programme's {@code autoAdjust} policy, or keeps them as proposals for
 * the clinician. Each request id takes effect at most once, and a request based on a version older than the last
 * change of its exercise is rejected as stale.
 */
@ApplicationScoped
public class AdjustmentService {
    private static final Logger LOG = Logger.getLogger(AdjustmentService.class);
    static final String ASSESSMENT = "assessment";
    static final int HOLD_DAYS = 7;
    private static final Set<AdjustmentType> SAFE_TYPES = Set.of(AdjustmentType.DELOAD, AdjustmentType.HOLD, AdjustmentType.PROGRESS);

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    Catalogue catalogue;

    /** A request from assessment-service; a request id seen before changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void handle(AdjustmentRequested requested) {
        if (AdjustmentRequest.findById(requested.requestId()) != null) {
            return;
        }
        Program program = Program.findById(requested.programId(), LockModeType.PESSIMISTIC_WRITE);
        if (program == null || !program.patientId.equals(requested.patientId())) {
            LOG.warnf("Adjustment request %s names programme %s, which this patient does not have; ignored",
                    requested.requestId(), requested.programId());
            return;
        }
        AdjustmentRequest request = new AdjustmentRequest();
        request.requestId = requested.requestId();
        request.programId = requested.programId();
        request.basedOnVersion = requested.basedOnVersion();
        request.type = requested.type();
        request.exerciseCode = requested.exerciseCode();
        request.ruleCode = requested.ruleCode();
        request.alertId = requested.alertId();
        request.reason = requested.reason();
        request.painDuring = requested.painDuring();
        request.replacementCode = requested.replacementCode();
        request.status = AdjustmentRequest.Status.PENDING;
        request.createdAt = clock.instant();
        if (appliesAutomatically(program.autoAdjust, request.type)) {
            decide(program, request, ASSESSMENT);
        } else {
            publish(program, request, AdjustmentOutcome.PROPOSED, ASSESSMENT);
        }
        // persisted once decided: persisted before, it was flushed by the queries of decide() and then updated
        request.persist();
    }

    /** The clinician's own change: applied to the current version at once, or refused (422) with nothing written. */
    @Transactional
    public AdjustmentRequest manual(UUID programId, ManualAdjustmentRequest manual, String clinicianId) {
        if (manual.type() != AdjustmentType.ADVANCE_PHASE && manual.exerciseCode() == null) {
            throw ProblemException.badField("exerciseCode", "is required for " + manual.type());
        }
        if (manual.type() == AdjustmentType.SUBSTITUTE && manual.replacementCode() == null) {
            throw ProblemException.badField("replacementCode", "is required for SUBSTITUTE");
        }
        Program program = Program.findById(programId, LockModeType.PESSIMISTIC_WRITE);
        AdjustmentRequest request = new AdjustmentRequest();
        request.requestId = UUID.randomUUID();
        request.programId = program.id;
        request.basedOnVersion = program.version;
        request.type = manual.type();
        request.exerciseCode = manual.exerciseCode();
        request.replacementCode = manual.replacementCode();
        request.reason = manual.reason();
        request.status = AdjustmentRequest.Status.PENDING;
        request.createdAt = clock.instant();
        decide(program, request, clinicianId);
        request.persist(); // once decided, as in handle()
        if (request.status == AdjustmentRequest.Status.REJECTED) {
            throw new ProblemException(422, "Unprocessable Content", request.decisionReason,
                    List.of(new org.rehabloop.kit.problem.Problem.Violation(
                            request.type == AdjustmentType.SUBSTITUTE ? "replacementCode" : "exerciseCode", request.decisionReason)));
        }
        return request;
    }

    /** The clinician approves a proposal: it is applied now, unless its exercise changed since (stale). */
    @Transactional
    public AdjustmentRequest approve(UUID proposalId, String clinicianId) {
        AdjustmentRequest proposal = pendingForUpdate(proposalId);
        return decide(Program.findById(proposal.programId, LockModeType.PESSIMISTIC_WRITE), proposal, clinicianId);
    }

    /** The clinician declines a proposal; plan-service publishes it as rejected. */
    @Transactional
    public AdjustmentRequest decline(UUID proposalId, String clinicianId) {
        AdjustmentRequest proposal = pendingForUpdate(proposalId);
        proposal.decidedBy = clinicianId;
        proposal.decidedAt = clock.instant();
        return reject(Program.findById(proposal.programId), proposal, "declined by the clinician");
    }

    /** A proposal decided once is never decided again, even when two approvals race. */
    private static AdjustmentRequest pendingForUpdate(UUID proposalId) {
        AdjustmentRequest proposal = AdjustmentRequest.findById(proposalId, LockModeType.PESSIMISTIC_WRITE);
        if (proposal.status != AdjustmentRequest.Status.PENDING) {
            throw ProblemException.conflict("The proposal was already decided: " + proposal.status);
        }
        return proposal;
    }

    static boolean appliesAutomatically(AutoAdjust policy, AdjustmentType type) {
        return switch (policy) {
            case NONE -> false;
            case SAFE -> SAFE_TYPES.contains(type);
            case ALL -> true;
        };
    }

    /** Applies {@code request} to the current version, or rejects it as stale or impossible. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AdjustmentRequest decide(Program program, AdjustmentRequest request, String decidedBy) {
        request.decidedBy = decidedBy;
        request.decidedAt = clock.instant();
        String exercise = request.type == AdjustmentType.ADVANCE_PHASE ? null : request.exerciseCode;
        if (request.type != AdjustmentType.ADVANCE_PHASE
                && ProgramVersion.changedSince(program.id, request.basedOnVersion, exercise)) {
            return reject(program, request, "stale: " + exercise + " changed after version " + request.basedOnVersion);
        }
        if (request.type == AdjustmentType.ADVANCE_PHASE && phaseChangedSince(program, request.basedOnVersion)) {
            return reject(program, request, "stale: the phase changed after version " + request.basedOnVersion);
        }
        Result result = apply(program, request);
        if (result.rejection() != null) {
            return reject(program, request, result.rejection());
        }
        newVersion(program, request, result, decidedBy);
        request.status = AdjustmentRequest.Status.APPLIED;
        request.appliedVersion = program.version;
        publish(program, request, AdjustmentOutcome.APPLIED, decidedBy);
        return request;
    }

    private AdjustmentRequest reject(Program program, AdjustmentRequest request, String why) {
        request.status = AdjustmentRequest.Status.REJECTED;
        request.decisionReason = why;
        publish(program, request, AdjustmentOutcome.REJECTED, request.decidedBy);
        return request;
    }

    /** The new prescriptions and what changed, or why nothing could change. */
    record Result(List<Prescription> prescriptions, List<ProgramVersion.Change> changes, String rejection,
            Map<String, LocalDate> holds, TemplatePhase phase) {
        static Result rejected(String why) {
            return new Result(null, null, why, null, null);
        }
    }

    Result apply(Program program, AdjustmentRequest request) {
        LocalDate today = LocalDate.now(clock);
        if (request.type == AdjustmentType.ADVANCE_PHASE) {
            return advancePhase(program);
        }
        Optional<Prescription> current = program.prescription(request.exerciseCode);
        if (current.isEmpty()) {
            return Result.rejected(request.exerciseCode + " is not in the programme");
        }
        Prescription before = current.get();
        Catalogue.Snapshot known = catalogue.current();
        DoseRules rules = doseRules(known, program.templateCode);
        Optional<Prescription> after;
        switch (request.type) {
            case PROGRESS -> {
                LocalDate heldUntil = program.holds.get(request.exerciseCode);
                if (heldUntil != null && today.isBefore(heldUntil)) {
                    return Result.rejected(request.exerciseCode + " is on hold until " + heldUntil);
                }
                after = rules.progress(before);
            }
            case DELOAD -> after = rules.deload(before, request.painDuring);
            case SUBSTITUTE -> {
                if (request.replacementCode == null || !known.exercises().containsKey(request.replacementCode)) {
                    return Result.rejected("no known variation to substitute");
                }
                if (program.prescription(request.replacementCode).isPresent()) {
                    return Result.rejected(request.replacementCode + " is already in the programme");
                }
                after = Optional.of(rules.variation(before, request.replacementCode, before.loadKg()));
            }
            case HOLD -> {
                Map<String, LocalDate> holds = new java.util.HashMap<>(program.holds);
                LocalDate until = today.plusDays(HOLD_DAYS);
                holds.put(request.exerciseCode, until);
                return new Result(program.prescriptions,
                        List.of(new ProgramVersion.Change(request.exerciseCode, before, before, "no progression until " + until)),
                        null, holds, null);
            }
            default -> throw new IllegalStateException("unhandled adjustment " + request.type);
        }
        if (after.isEmpty()) {
            return Result.rejected("no " + (request.type == AdjustmentType.PROGRESS ? "harder" : "easier")
                    + " dose of " + request.exerciseCode + " is defined");
        }
        List<Prescription> prescriptions = program.prescriptions.stream()
                .map(p -> p.exerciseCode().equals(before.exerciseCode()) ? after.get() : p).toList();
        return new Result(prescriptions, List.of(new ProgramVersion.Change(before.exerciseCode(), before, after.get(), null)),
                null, program.holds, null);
    }

    private Result advancePhase(Program program) {
        ProgramTemplate template = ProgramTemplate.findById(program.templateCode);
        Optional<TemplatePhase> next = template.phase(program.phaseNumber + 1);
        if (next.isEmpty()) {
            return Result.rejected("phase " + program.phaseNumber + " is the last phase");
        }
        Set<String> present = program.prescriptions.stream().map(Prescription::exerciseCode).collect(Collectors.toSet());
        List<Prescription> joining = org.rehabloop.plan.program.ProgramService.prescriptionsFor(next.get().blocks(),
                        TemplatePrescription.of(program.templateCode), program.doseOverrides).stream()
                .filter(p -> program.prescriptions.stream().noneMatch(q -> q.block() == p.block()))
                .filter(p -> !present.contains(p.exerciseCode()))
                .toList();
        List<Prescription> prescriptions = new ArrayList<>(program.prescriptions);
        prescriptions.addAll(joining);
        prescriptions.sort(java.util.Comparator.comparing(Prescription::block));
        List<ProgramVersion.Change> changes = joining.stream()
                .map(p -> new ProgramVersion.Change(p.exerciseCode(), null, p, "joins with phase " + next.get().number()))
                .toList();
        return new Result(prescriptions, changes, null, program.holds, next.get());
    }

    private void newVersion(Program program, AdjustmentRequest request, Result result, String changedBy) {
        Instant now = clock.instant();
        program.version += 1;
        program.prescriptions = result.prescriptions();
        program.holds = result.holds();
        if (result.phase() != null) {
            program.phaseNumber = result.phase().number();
            program.phaseName = result.phase().name();
            program.phaseStartedOn = LocalDate.now(clock);
        }
        program.updatedAt = now;
        ProgramVersion version = new ProgramVersion();
        version.programId = program.id;
        version.version = program.version;
        version.phaseNumber = program.phaseNumber;
        version.prescriptions = program.prescriptions;
        version.changes = result.changes();
        version.adjustmentType = request.type;
        version.reason = request.reason;
        version.ruleCode = request.ruleCode;
        version.alertId = request.alertId;
        version.requestId = request.requestId;
        version.changedBy = changedBy;
        version.createdAt = now;
        version.persist();
    }

    private static boolean phaseChangedSince(Program program, int version) {
        return ProgramVersion.<ProgramVersion>list("programId = ?1 and version > ?2", program.id, version).stream()
                .anyMatch(v -> v.adjustmentType == AdjustmentType.ADVANCE_PHASE);
    }

    private void publish(Program program, AdjustmentRequest request, AdjustmentOutcome outcome, String changedBy) {
        outbox.publish(Topics.PLAN_EVENTS, program.patientId, EventTypes.PLAN_ADJUSTED, new PlanAdjusted(program.id,
                program.patientId, program.clinicianId, program.version, request.requestId, outcome, request.type,
                request.exerciseCode, outcome == AdjustmentOutcome.REJECTED ? request.decisionReason : request.reason,
                request.ruleCode, request.alertId, changedBy, program.sessionsPerWeek, program.autoAdjust,
                program.phase(), program.prescriptions, clock.instant()));
    }

    /** The dose rules over the catalogue, with the template's targets for variations. */
    static DoseRules doseRules(Catalogue.Snapshot known, String templateCode) {
        Map<String, Catalogue.Entry> exercises = known.exercises();
        Map<String, Integer> targets = known.targets(templateCode);
        Function<String, DoseRules.ExerciseInfo> catalogue = code -> {
            Catalogue.Entry e = exercises.get(code);
            return new DoseRules.ExerciseInfo(e.code(), e.loadType(), e.unit(), e.perSide(), e.easierCode(), e.harderCode());
        };
        return new DoseRules(catalogue, code -> familyTarget(code, exercises, targets));
    }

    /** The template's target of the exercise, else of the nearest exercise on its variation ladder. */
    private static int familyTarget(String code, Map<String, Catalogue.Entry> exercises, Map<String, Integer> targets) {
        for (String direction : List.of("easier", "harder")) {
            String step = code;
            for (int i = 0; step != null && i < exercises.size(); i++) {
                if (targets.containsKey(step)) {
                    return targets.get(step);
                }
                Catalogue.Entry e = exercises.get(step);
                step = e == null ? null : direction.equals("easier") ? e.easierCode() : e.harderCode();
            }
        }
        return 10;
    }
}
