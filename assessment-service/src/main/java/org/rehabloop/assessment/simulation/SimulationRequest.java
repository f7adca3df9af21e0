package org.rehabloop.assessment.simulation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code POST /v1/simulate}: a programme and a history, judged as if they had happened; nothing is stored. */
public record SimulationRequest(
        @NotNull @Valid Programme program,
        @NotNull @Size(max = 2000) List<@NotNull WorkoutLogged> sessions,
        @Size(max = 2000) List<@NotNull PainReported> checkIns,
        Instant at) {

    public record Programme(
            @NotNull @Min(1) @Max(7) Integer sessionsPerWeek,
            @NotNull LocalDate startDate,
            Phase phase,
            @NotNull @Size(min = 1, max = 50) List<@NotNull Prescription> prescriptions) {
    }
}
