package org.rehabloop.assessment.simulation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.WorkoutLogged;

import org.rehabloop.kit.problem.Problem;
import org.rehabloop.kit.problem.ProblemException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code POST /v1/simulate}: a programme and a history, judged as if they had happened; nothing is stored. */
public record SimulationRequest(
        @NotNull @Valid Programme program,
        @NotNull @Size(max = 2000) List<@NotNull WorkoutLogged> sessions,
        @Size(max = 2000) List<@NotNull PainReported> checkIns,
        Instant at) {

    @Schema(name = "SimulatedProgramme")
    /**
     * What Bean Validation cannot see in the event payload types (they carry no constraints): the values the rules
     * read, each named by its path, so a missing one is a 400 instead of a failure half-way through the replay.
     */
    public void check() {
        List<Problem.Violation> violations = new ArrayList<>();
        List<Prescription> prescriptions = program.prescriptions();
        for (int i = 0; i < prescriptions.size(); i++) {
            Prescription p = prescriptions.get(i);
            String at = "program.prescriptions[" + i + "].";
            required(violations, at + "exerciseCode", p.exerciseCode());
            required(violations, at + "block", p.block());
            required(violations, at + "unit", p.unit());
        }
        if (program.phase() != null) {
            required(violations, "program.phase.startedOn", program.phase().startedOn());
        }
        // an id names one session (a rule finds the session that arrived by it): a repeated one is not a history
        Set<UUID> sessionIds = new HashSet<>();
        for (int i = 0; i < sessions.size(); i++) {
            WorkoutLogged s = sessions.get(i);
            String at = "sessions[" + i + "]";
            if (required(violations, at + ".sessionId", s.sessionId()) && !sessionIds.add(s.sessionId())) {
                violations.add(new Problem.Violation(at + ".sessionId", "is the id of an earlier session of the list"));
            }
            required(violations, at + ".performedAt", s.performedAt());
            if (required(violations, at + ".exercises", s.exercises())) {
                for (int j = 0; j < s.exercises().size(); j++) {
                    WorkoutLogged.Entry e = s.exercises().get(j);
                    String entry = at + ".exercises[" + j + "]";
                    if (required(violations, entry, e)) {
                        required(violations, entry + ".exerciseCode", e.exerciseCode());
                        required(violations, entry + ".form", e.form());
                        if (required(violations, entry + ".sets", e.sets())) {
                            for (int k = 0; k < e.sets().size(); k++) {
                                required(violations, entry + ".sets[" + k + "]", e.sets().get(k));
                            }
                        }
                    }
                }
            }
        }
        List<PainReported> reported = checkIns == null ? List.of() : checkIns;
        Set<UUID> checkInIds = new HashSet<>();
        for (int i = 0; i < reported.size(); i++) {
            if (required(violations, "checkIns[" + i + "].checkInId", reported.get(i).checkInId())
                    && !checkInIds.add(reported.get(i).checkInId())) {
                violations.add(new Problem.Violation("checkIns[" + i + "].checkInId", "is the id of an earlier check-in of the list"));
            }
            required(violations, "checkIns[" + i + "].at", reported.get(i).at());
            required(violations, "checkIns[" + i + "].kind", reported.get(i).kind());
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "The request has invalid fields", violations);
        }
    }

    private static boolean required(List<Problem.Violation> violations, String field, Object value) {
        if (value == null) {
            violations.add(new Problem.Violation(field, "must not be null"));
        }
        return value != null;
    }

    public record Programme(
            @NotNull @Min(1) @Max(7) Integer sessionsPerWeek,
            @NotNull LocalDate startDate,
            Phase phase,
            @NotNull @Size(min = 1, max = 50) List<@NotNull Prescription> prescriptions) {
    }
}
