package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a plateaued exercise of the hip-strength catalogue goes, given what the programme already prescribes. */
class VariationsTest {

    @ParameterizedTest(name = "{0}, programme has [{1}] -> {2}")
    @CsvSource(nullValues = "-", value = {
            "clamshell, '', banded-clamshell",                                    // its harder variation
            "glute-bridge, '', hip-thrust",
            "hip-thrust, 'single-leg-deadlift', single-leg-hip-thrust",
            "banded-clamshell, '', side-lying-hip-abduction",                     // none: a sibling of its block
            "banded-clamshell, 'side-lying-hip-abduction', side-lying-hip-abduction-weighted", // the sibling is in: its harder one
            "side-lying-hip-abduction-weighted, 'clamshell', banded-clamshell",
            "single-leg-deadlift, 'hip-thrust', single-leg-hip-thrust",
            "single-leg-hip-thrust, '', single-leg-deadlift",
            "single-leg-hip-thrust, 'single-leg-deadlift', -",
            "step-up, 'lateral-band-walk', monster-walk",
            "monster-walk, 'step-up', -",
            "clamshell, 'banded-clamshell side-lying-hip-abduction', side-lying-hip-abduction-weighted", // harder one already in
            "quadriceps-stretch, '', -",                                          // no ladder, no block sibling
    })
    void harderVariationElseASiblingNotInTheProgramme(String code, String prescribed, String expected) {
        Set<String> programme = Arrays.stream(prescribed.split(" ")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
        assertThat(Variations.hipStrength().replacement(code, programme).orElse(null)).isEqualTo(expected);
    }
}
