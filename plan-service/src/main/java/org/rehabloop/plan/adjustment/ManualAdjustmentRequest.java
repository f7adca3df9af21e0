package org.rehabloop.plan.adjustment;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.rehabloop.contracts.AdjustmentType;

/** {@code POST /v1/programs/{id}/adjustments}: the clinician changes the programme themselves. */
public record ManualAdjustmentRequest(
        @NotNull AdjustmentType type,
        @Size(max = 64) String exerciseCode,
        @Size(max = 64) String replacementCode,
        @NotBlank @Size(max = 2000) String reason) {
}
