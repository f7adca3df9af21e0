package org.rehabloop.assessment.rules;

import java.util.Map;
import java.util.Optional;

/**
 * Where a plateaued exercise goes next: its harder variation, or for the top of a ladder a sibling that works the
 * same muscles differently (the article: vary the exercises to prevent plateaus).
 */
public record Variations(Map<String, String> harder, Map<String, String> siblings) {

    /** The ladders of the hip-strength catalogue (RULES.md). */
    public static Variations hipStrength() {
        return new Variations(
                Map.of("clamshell", "banded-clamshell",
                        "side-lying-hip-abduction", "side-lying-hip-abduction-weighted",
                        "supported-single-leg-deadlift", "single-leg-deadlift",
                        "glute-bridge", "hip-thrust",
                        "hip-thrust", "single-leg-hip-thrust",
                        "lateral-band-walk", "monster-walk",
                        "low-step-up", "step-up"),
                Map.of("banded-clamshell", "side-lying-hip-abduction-weighted",
                        "side-lying-hip-abduction-weighted", "banded-clamshell",
                        "single-leg-deadlift", "single-leg-hip-thrust",
                        "single-leg-hip-thrust", "single-leg-deadlift",
                        "monster-walk", "step-up",
                        "step-up", "monster-walk"));
    }

    public Optional<String> next(String exerciseCode) {
        return Optional.ofNullable(harder.get(exerciseCode)).or(() -> Optional.ofNullable(siblings.get(exerciseCode)));
    }
}
