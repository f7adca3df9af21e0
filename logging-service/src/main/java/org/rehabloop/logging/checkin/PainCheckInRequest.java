package org.rehabloop.logging.checkin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.rehabloop.contracts.PainKind;

import java.time.Instant;
import java.util.UUID;

/** {@code POST /v1/patients/{patientId}/pain-checkins}. */
public record PainCheckInRequest(
        @NotNull UUID id,
        @NotNull Instant at,
        @NotNull @Min(0) @Max(10) Integer pain,
        @NotNull PainKind kind) {
}
