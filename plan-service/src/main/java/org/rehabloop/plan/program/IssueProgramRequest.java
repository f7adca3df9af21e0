package org.rehabloop.plan.program;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.rehabloop.contracts.AutoAdjust;
import org.rehabloop.contracts.Band;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** {@code POST /v1/programs}: a clinician issues a programme from a template, optionally with other doses. */
@Schema(name = "IssueProgrammeRequest", description = "A programme to issue to a patient from a template")
public record IssueProgramRequest(
        @NotNull UUID patientId,
        @NotBlank @Size(max = 64) String templateCode,
        @NotNull LocalDate startDate,
        @Min(1) @Max(7) Integer sessionsPerWeek,
        AutoAdjust autoAdjust,
        @Size(max = 50) List<@Valid @NotNull DoseOverride> doses) {

    /** The clinician's dose for one exercise of the template, replacing the template's default. */
    public record DoseOverride(
            @NotBlank @Size(max = 64) String exerciseCode,
            @Min(1) @Max(20) Integer sets,
            @Min(1) @Max(1000) Integer target,
            @DecimalMin("0.0") @DecimalMax("500.0") BigDecimal loadKg,
            Band band) {
    }

    int sessionsPerWeekOrDefault() {
        return sessionsPerWeek == null ? 3 : sessionsPerWeek;
    }

    AutoAdjust autoAdjustOrDefault() {
        return autoAdjust == null ? AutoAdjust.SAFE : autoAdjust;
    }
}
