package org.rehabloop.logging.session;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Side;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code POST /v1/patients/{patientId}/sessions}: one workout as the phone recorded it. */
@Schema(name = "LogSessionRequest", description = "One workout as the phone recorded it; `id` is the client's, so a retry is safe")
public record LogSessionRequest(
        @NotNull UUID id,
        @NotNull UUID programId,
        @NotNull @Min(1) Integer programVersion,
        @NotNull Instant performedAt,
        @NotNull @Min(1) @Max(300) Integer durationMinutes,
        @NotNull @Min(0) @Max(10) Integer sessionRpe,
        @NotNull @Min(0) @Max(10) Integer painBefore,
        @Size(max = 2000) String notes,
        @NotNull @Size(min = 1, max = 20) List<@NotNull @Valid Entry> exercises) {

    /** One exercise of the session. */
    @Schema(name = "SessionExerciseInput")
    public record Entry(
            @NotNull @Pattern(regexp = "[a-z][a-z0-9]*(-[a-z0-9]+)*", message = "must be a catalogue code such as clamshell")
            @Size(max = 64) String exerciseCode,
            @NotNull Form form,
            @NotNull @Min(0) @Max(10) Integer painDuring,
            @NotNull @Size(min = 1, max = 20) List<@NotNull @Valid SetDone> sets) {
    }

    /** One set: its count (reps, steps or seconds), and the load or band used. */
    @Schema(name = "SessionSetInput")
    public record SetDone(
            @NotNull @Min(0) @Max(1000) Integer count,
            @DecimalMin("0.0") @DecimalMax("500.0") BigDecimal loadKg,
            Band band,
            Side side) {
    }
}
