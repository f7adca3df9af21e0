package org.rehabloop.contracts;

import java.math.BigDecimal;

/**
 * One exercise of a programme as the patient must do it: {@code sets} x {@code target} (in {@code unit}), on each
 * side when {@code perSide}, at {@code loadKg} for weighted exercises or on {@code band} for banded ones.
 */
public record Prescription(
        String exerciseCode,
        Block block,
        int sets,
        int target,
        Unit unit,
        boolean perSide,
        BigDecimal loadKg,
        Band band) {
}
