package org.rehabloop.assessment.simulation;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.rehabloop.assessment.alert.AlertService;
import org.rehabloop.assessment.rules.Finding;
import org.rehabloop.assessment.rules.History;
import org.rehabloop.assessment.rules.ProgramSnapshot;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.kit.security.Roles;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the rules would have found: the history is replayed in event time, one event at a time, through the same
 * rule book as the live path, then judged once more at {@code at} as the daily run would. Nothing is stored.
 */
@Path("/v1/simulate")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Simulation", description = "The rules run over a programme and a history you supply; nothing is stored")
public class SimulationResource {
    @Inject
    AlertService alerts;

    @Inject
    Clock clock;

    @Schema(name = "SimulationResult", description = "What the rules would have found, and the adjustments they would have requested")
    public record Result(List<Finding> findings, List<Adjustment> adjustments) {
    }

    /** An adjustment the live path would have requested, and when. */
    @Schema(name = "SimulatedAdjustment")
    public record Adjustment(Instant at, String ruleCode, Finding.RequestedAdjustment adjustment) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(operationId = "simulate", summary = "Simulate the rules over a history",
            description = "Replays the sessions and check-ins in event time through the rules, then judges once more at `at` (default now). Nothing is stored, raised or sent.")
    @APIResponse(responseCode = "200", description = "The findings and the adjustments they would have requested")
    public Result simulate(@NotNull @Valid SimulationRequest request) {
        request.check();
        UUID patient = UUID.randomUUID();
        SimulationRequest.Programme p = request.program();
        ProgramSnapshot program = new ProgramSnapshot(UUID.randomUUID(), patient, UUID.randomUUID(), 1, p.sessionsPerWeek(),
                p.startDate(), p.phase() != null ? p.phase() : new Phase(1, "Activation", p.startDate()), p.prescriptions());
        List<WorkoutLogged> sessions = request.sessions().stream()
                .sorted(Comparator.comparing(WorkoutLogged::performedAt)).toList();
        List<PainReported> checkIns = request.checkIns() == null ? List.of() : request.checkIns().stream()
                .sorted(Comparator.comparing(PainReported::at)).toList();

        record Step(Instant at, Trigger trigger) {
        }
        List<Step> steps = new ArrayList<>();
        sessions.forEach(s -> steps.add(new Step(s.performedAt(), Trigger.session(s.sessionId()))));
        checkIns.forEach(c -> steps.add(new Step(c.at(), new Trigger(null, c.checkInId()))));
        steps.sort(Comparator.comparing(Step::at));
        Instant end = request.at() != null ? request.at() : clock.instant();
        steps.add(new Step(end, Trigger.SCHEDULE));

        Map<String, Finding> findings = new LinkedHashMap<>();
        List<Adjustment> adjustments = new ArrayList<>();
        for (Step step : steps) {
            History history = new History(program,
                    sessions.stream().filter(s -> !s.performedAt().isAfter(step.at())).toList(),
                    checkIns.stream().filter(c -> !c.at().isAfter(step.at())).toList());
            for (Finding finding : alerts.ruleBook().evaluate(history, step.trigger(), step.at())) {
                String key = finding.ruleCode() + "|" + finding.exerciseCode();
                Finding known = findings.get(key);
                List<Finding.Evidence> fresh = finding.evidence().stream()
                        .filter(e -> known == null || !known.evidence().contains(e)).toList();
                if (known != null && fresh.isEmpty()) {
                    continue;
                }
                List<Finding.Evidence> evidence = new ArrayList<>(known == null ? List.of() : known.evidence());
                evidence.addAll(fresh);
                findings.put(key, new Finding(finding.ruleCode(), finding.category(), finding.severity(),
                        finding.exerciseCode(), evidence, finding.adjustment()));
                if (finding.adjustment() != null) {
                    adjustments.add(new Adjustment(step.at(), finding.ruleCode(), finding.adjustment()));
                }
            }
        }
        return new Result(List.copyOf(findings.values()), adjustments);
    }
}
