package org.rehabloop.assessment.rules;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a plateaued exercise goes next (the article: vary the exercises to prevent plateaus). Plain data: the rules
 * do not know the catalogue.
 *
 * @param harder   each exercise's harder variation, where it has one
 * @param siblings for each exercise, the other exercises of its block in the template, in order of preference
 */
public record Variations(Map<String, String> harder, Map<String, List<String>> siblings) {

    public Variations {
        harder = Map.copyOf(harder);
        siblings = Map.copyOf(siblings);
    }

    /** The ladders of the hip-strength catalogue and the blocks of the {@code hip-strength-knee-pain} template (RULES.md). */
    public static Variations hipStrength() {
        Map<String, String> harder = Map.of(
                "clamshell", "banded-clamshell",
                "side-lying-hip-abduction", "side-lying-hip-abduction-weighted",
                "supported-single-leg-deadlift", "single-leg-deadlift",
                "glute-bridge", "hip-thrust",
                "hip-thrust", "single-leg-hip-thrust",
                "lateral-band-walk", "monster-walk",
                "low-step-up", "step-up");
        // The template's block, one ladder per exercise of it: a sibling is another ladder's template exercise.
        Map<String, List<String>> ladders = new LinkedHashMap<>();
        ladders.put("clamshell", List.of("clamshell", "banded-clamshell"));
        ladders.put("side-lying-hip-abduction", List.of("side-lying-hip-abduction", "side-lying-hip-abduction-weighted"));
        ladders.put("single-leg-deadlift", List.of("supported-single-leg-deadlift", "single-leg-deadlift"));
        ladders.put("hip-thrust", List.of("glute-bridge", "hip-thrust", "single-leg-hip-thrust"));
        ladders.put("lateral-band-walk", List.of("lateral-band-walk", "monster-walk"));
        ladders.put("step-up", List.of("low-step-up", "step-up"));
        List<List<String>> blocks = List.of(
                List.of("clamshell", "side-lying-hip-abduction"),
                List.of("single-leg-deadlift", "hip-thrust"),
                List.of("lateral-band-walk", "step-up"));
        Map<String, List<String>> siblings = new LinkedHashMap<>();
        for (List<String> block : blocks) {
            for (String own : block) {
                List<String> others = block.stream().filter(o -> !o.equals(own)).toList();
                ladders.get(own).forEach(code -> siblings.put(code, others));
            }
        }
        return new Variations(harder, siblings);
    }

    /**
     * The replacement for a plateaued exercise: its harder variation; when it has none, or that one is already in
     * the programme, a sibling; and when the sibling is in the programme already (the template prescribes both
     * exercises of a block), the first of the sibling's harder variations that is not. Empty when nothing is left.
     */
    public Optional<String> replacement(String exerciseCode, Set<String> prescribed) {
        String up = harder.get(exerciseCode);
        if (up != null && !prescribed.contains(up)) {
            return Optional.of(up);
        }
        for (String sibling : siblings.getOrDefault(exerciseCode, List.of())) {
            Set<String> seen = new LinkedHashSet<>();
            for (String candidate = sibling; candidate != null && seen.add(candidate); candidate = harder.get(candidate)) {
                if (!candidate.equals(exerciseCode) && !prescribed.contains(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
