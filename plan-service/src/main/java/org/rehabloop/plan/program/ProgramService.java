package org.rehabloop.plan.program;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.rehabloop.contracts.Block;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PlanIssued;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Topics;
import org.rehabloop.plan.catalog.Exercise;
import org.rehabloop.plan.catalog.LoadType;
import org.rehabloop.plan.catalog.ProgramTemplate;
import org.rehabloop.plan.catalog.TemplatePhase;
import org.rehabloop.plan.catalog.TemplatePrescription;
import org.rehabloop.kit.outbox.Outbox;
import org.rehabloop.kit.problem.Problem;
import org.rehabloop.kit.problem.ProblemException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Issues programmes from templates and records each version. */
@ApplicationScoped
public class ProgramService {
    static final int MAX_DAYS_IN_THE_PAST = 90;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Transactional
    public Program issue(UUID clinicianId, IssueProgramRequest request) {
        ProgramTemplate template = ProgramTemplate.findById(request.templateCode());
        if (template == null) {
            throw ProblemException.badField("templateCode", "is not a known template");
        }
        LocalDate today = LocalDate.now(clock);
        if (request.startDate().isBefore(today.minusDays(MAX_DAYS_IN_THE_PAST))) {
            throw ProblemException.badField("startDate", "must be at most " + MAX_DAYS_IN_THE_PAST + " days in the past");
        }
        List<TemplatePrescription> doses = TemplatePrescription.of(template.code);
        Map<String, IssueProgramRequest.DoseOverride> overrides = validOverrides(request, doses);
        if (Program.activeOf(request.patientId()).isPresent()) {
            throw ProblemException.conflict("Patient " + request.patientId() + " already has an active programme");
        }
        TemplatePhase first = template.phases.get(0);
        Instant now = clock.instant();
        Program program = new Program();
        program.id = UUID.randomUUID();
        program.patientId = request.patientId();
        program.clinicianId = clinicianId;
        program.templateCode = template.code;
        program.status = Program.Status.ACTIVE;
        program.version = 1;
        program.sessionsPerWeek = request.sessionsPerWeekOrDefault();
        program.autoAdjust = request.autoAdjustOrDefault();
        program.startDate = request.startDate();
        program.phaseNumber = first.number();
        program.phaseName = first.name();
        program.phaseStartedOn = request.startDate();
        program.prescriptions = prescriptionsFor(first.blocks(), doses, overrides);
        program.doseOverrides = overrides;
        program.createdAt = now;
        program.updatedAt = now;
        program.persist();

        ProgramVersion version = new ProgramVersion();
        version.programId = program.id;
        version.version = 1;
        version.phaseNumber = program.phaseNumber;
        version.prescriptions = program.prescriptions;
        version.changes = program.prescriptions.stream()
                .map(p -> new ProgramVersion.Change(p.exerciseCode(), null, p, "issued")).toList();
        version.reason = "Issued from template " + template.code;
        version.changedBy = clinicianId.toString();
        version.createdAt = now;
        version.persist();

        outbox.publish(Topics.PLAN_EVENTS, program.patientId, EventTypes.PLAN_ISSUED, new PlanIssued(program.id,
                program.patientId, program.clinicianId, program.templateCode, program.version, program.sessionsPerWeek,
                program.autoAdjust, program.startDate, program.phase(), program.prescriptions, now));
        return program;
    }

    /** The session of {@code date} (today when null): the current prescriptions by block, in session order. */
    public TodayView today(Program program, LocalDate date) {
        LocalDate day = date == null ? LocalDate.now(clock) : date;
        if (day.isBefore(program.startDate)) {
            throw ProblemException.badField("date", "is before the programme starts on " + program.startDate);
        }
        Map<String, Exercise> exercises = Exercise.<Exercise>listAll().stream()
                .collect(Collectors.toMap(e -> e.code, Function.identity()));
        List<TodayView.BlockView> blocks = new ArrayList<>();
        for (Block block : Block.values()) {
            List<TodayView.ExerciseToDo> todo = program.prescriptions.stream()
                    .filter(p -> p.block() == block)
                    .map(p -> {
                        Exercise e = exercises.get(p.exerciseCode());
                        return new TodayView.ExerciseToDo(p.exerciseCode(), e.name, p.sets(), p.target(), p.unit(),
                                p.perSide(), p.loadKg(), p.band(), e.equipment, e.instructions);
                    }).toList();
            if (!todo.isEmpty()) {
                blocks.add(new TodayView.BlockView(block, todo));
            }
        }
        return new TodayView(day, program.id, program.version, program.phase(), blocks);
    }

    /** The template's doses of {@code blocks}, in session order, with the clinician's overrides. */
    public static List<Prescription> prescriptionsFor(List<Block> blocks, List<TemplatePrescription> doses,
            Map<String, IssueProgramRequest.DoseOverride> overrides) {
        Map<String, Exercise> exercises = Exercise.<Exercise>listAll().stream()
                .collect(Collectors.toMap(e -> e.code, Function.identity()));
        List<Prescription> prescriptions = new ArrayList<>();
        for (Block block : Block.values()) {
            if (!blocks.contains(block)) {
                continue;
            }
            for (TemplatePrescription dose : doses) {
                if (dose.block != block) {
                    continue;
                }
                Exercise exercise = exercises.get(dose.exerciseCode);
                IssueProgramRequest.DoseOverride override = overrides.get(dose.exerciseCode);
                int sets = override != null && override.sets() != null ? override.sets() : dose.sets;
                int target = override != null && override.target() != null ? override.target() : dose.target;
                var load = override != null && override.loadKg() != null ? override.loadKg() : dose.loadKg;
                var band = override != null && override.band() != null ? override.band() : dose.band;
                prescriptions.add(new Prescription(exercise.code, block, sets, target, exercise.unit, exercise.perSide,
                        exercise.loadType == LoadType.EXTERNAL ? load : null,
                        exercise.loadType == LoadType.BAND ? band : null));
            }
        }
        return prescriptions;
    }

    private static Map<String, IssueProgramRequest.DoseOverride> validOverrides(IssueProgramRequest request,
            List<TemplatePrescription> doses) {
        if (request.doses() == null) {
            return Map.of();
        }
        List<Problem.Violation> violations = new ArrayList<>();
        for (int i = 0; i < request.doses().size(); i++) {
            String code = request.doses().get(i).exerciseCode();
            if (doses.stream().noneMatch(d -> d.exerciseCode.equals(code))) {
                violations.add(new Problem.Violation("doses[" + i + "].exerciseCode", "is not an exercise of the template"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "The request has invalid fields", violations);
        }
        return request.doses().stream()
                .collect(Collectors.toMap(IssueProgramRequest.DoseOverride::exerciseCode, Function.identity(), (a, b) -> b));
    }
}
