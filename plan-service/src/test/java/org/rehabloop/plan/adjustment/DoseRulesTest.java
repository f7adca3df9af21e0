package org.rehabloop.plan.adjustment;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Block;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Unit;
import org.rehabloop.plan.adjustment.DoseRules.ExerciseInfo;
import org.rehabloop.plan.catalog.LoadType;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The dose arithmetic of RULES.md, one row per case: code, sets x target @ load/band -> expected. */
class DoseRulesTest {
    private static final Map<String, ExerciseInfo> CATALOGUE = Map.ofEntries(
            e("clamshell", LoadType.BODYWEIGHT, Unit.REPS, null, "banded-clamshell"),
            e("banded-clamshell", LoadType.BAND, Unit.REPS, "clamshell", null),
            e("single-leg-deadlift", LoadType.EXTERNAL, Unit.REPS, "supported-single-leg-deadlift", null),
            e("supported-single-leg-deadlift", LoadType.EXTERNAL, Unit.REPS, null, "single-leg-deadlift"),
            e("hip-thrust", LoadType.EXTERNAL, Unit.REPS, "glute-bridge", "single-leg-hip-thrust"),
            e("glute-bridge", LoadType.BODYWEIGHT, Unit.REPS, null, "hip-thrust"),
            e("lateral-band-walk", LoadType.BAND, Unit.STEPS, null, "monster-walk"),
            e("monster-walk", LoadType.BAND, Unit.STEPS, "lateral-band-walk", null),
            e("step-up", LoadType.EXTERNAL, Unit.REPS, "low-step-up", null),
            e("low-step-up", LoadType.BODYWEIGHT, Unit.REPS, null, "step-up"),
            e("calf-stretch", LoadType.BODYWEIGHT, Unit.SECONDS, null, null),
            e("knee-vibration-therapy", LoadType.DEVICE, Unit.MINUTES, null, null));
    private static final Map<String, Integer> TEMPLATE_TARGETS = Map.of("clamshell", 15, "banded-clamshell", 15,
            "single-leg-deadlift", 10, "hip-thrust", 12, "glute-bridge", 12, "lateral-band-walk", 20, "step-up", 10,
            "low-step-up", 10);

    private final DoseRules rules = new DoseRules(CATALOGUE::get, TEMPLATE_TARGETS::get);

    @ParameterizedTest(name = "PROGRESS {0} {1}x{2} @{3}/{4} -> {5} {6}x{7} @{8}/{9}")
    @CsvSource(nullValues = "-", value = {
            // external load > 0: max(old + 1 kg, old x 1.05 rounded up to 0.5 kg)
            "single-leg-deadlift, 3, 10, 4.0, -,  single-leg-deadlift, 3, 10, 5.0, -",
            "single-leg-deadlift, 3, 10, 30.0, -, single-leg-deadlift, 3, 10, 31.5, -",
            "single-leg-deadlift, 3, 10, 20.0, -, single-leg-deadlift, 3, 10, 21.0, -",
            "single-leg-deadlift, 3, 10, 0.5, -,  single-leg-deadlift, 3, 10, 1.5, -",
            // load 0: +2 reps up to 20, then 2 kg at the template's target
            "hip-thrust, 3, 12, 0.0, -, hip-thrust, 3, 14, 0.0, -",
            "hip-thrust, 3, 19, 0.0, -, hip-thrust, 3, 20, 0.0, -",
            "hip-thrust, 3, 20, 0.0, -, hip-thrust, 3, 12, 2.0, -",
            // bodyweight: +2 reps up to 20, then the harder variation at the template's target
            "clamshell, 2, 15, -, -, clamshell, 2, 17, -, -",
            "clamshell, 2, 20, -, -, banded-clamshell, 2, 15, -, EXTRA_LIGHT",
            "glute-bridge, 3, 20, -, -, hip-thrust, 3, 12, 0.0, -",
            // band: the next level, then +2
            "lateral-band-walk, 2, 20, -, LIGHT, lateral-band-walk, 2, 20, -, MEDIUM",
            "banded-clamshell, 2, 15, -, EXTRA_HEAVY, banded-clamshell, 2, 17, -, EXTRA_HEAVY",
    })
    void progress(String code, int sets, int target, BigDecimal load, Band band,
            String toCode, int toSets, int toTarget, BigDecimal toLoad, Band toBand) {
        assertThat(rules.progress(p(code, sets, target, load, band))).contains(p(toCode, toSets, toTarget, toLoad, toBand));
    }

    @ParameterizedTest(name = "no PROGRESS beyond {0} {1}x{2}/{4}")
    @CsvSource(nullValues = "-", value = {
            "banded-clamshell, 2, 20, -, EXTRA_HEAVY",
            "calf-stretch, 2, 30, -, -",
            "knee-vibration-therapy, 1, 10, -, -",
    })
    void progressHasACeiling(String code, int sets, int target, BigDecimal load, Band band) {
        assertThat(rules.progress(p(code, sets, target, load, band))).isEmpty();
    }

    @ParameterizedTest(name = "DELOAD {0} {1}x{2} @{3}/{4} pain {5} -> {6} {7}x{8} @{9}/{10}")
    @CsvSource(nullValues = "-", value = {
            // external load > 0: x 0.9 rounded down to 0.5 kg
            "single-leg-deadlift, 3, 10, 5.0, -, 6, single-leg-deadlift, 3, 10, 4.5, -",
            "single-leg-deadlift, 3, 10, 4.0, -, 4, single-leg-deadlift, 3, 10, 3.5, -",
            "single-leg-deadlift, 3, 10, 0.5, -, 4, single-leg-deadlift, 3, 10, 0.0, -",
            // 0 kg or bodyweight: one set fewer, or the easier variation when pain > 5 and there is one
            "hip-thrust, 3, 12, 0.0, -, 5, hip-thrust, 2, 12, 0.0, -",
            "hip-thrust, 3, 12, 0.0, -, 6, glute-bridge, 3, 12, -, -",
            "clamshell, 2, 15, -, -, 7, clamshell, 1, 15, -, -",
            "low-step-up, 3, 10, -, -, 8, low-step-up, 2, 10, -, -",
            // band: the level below, then one set fewer
            "lateral-band-walk, 2, 20, -, LIGHT, 6, lateral-band-walk, 2, 20, -, EXTRA_LIGHT",
            "lateral-band-walk, 2, 20, -, EXTRA_LIGHT, 6, lateral-band-walk, 1, 20, -, EXTRA_LIGHT",
    })
    void deload(String code, int sets, int target, BigDecimal load, Band band, int pain,
            String toCode, int toSets, int toTarget, BigDecimal toLoad, Band toBand) {
        assertThat(rules.deload(p(code, sets, target, load, band), pain)).contains(p(toCode, toSets, toTarget, toLoad, toBand));
    }

    @ParameterizedTest(name = "no DELOAD below {0} {1}x{2}")
    @CsvSource(nullValues = "-", value = {
            "clamshell, 1, 15, -, -",
            "lateral-band-walk, 1, 20, -, EXTRA_LIGHT",
    })
    void deloadHasAFloor(String code, int sets, int target, BigDecimal load, Band band) {
        assertThat(rules.deload(p(code, sets, target, load, band), 6)).isEqualTo(Optional.empty());
    }

    private static Prescription p(String code, int sets, int target, BigDecimal load, Band band) {
        ExerciseInfo info = CATALOGUE.get(code);
        return new Prescription(code, Block.STRENGTH, sets, target, info.unit(), info.perSide(),
                load == null ? null : load.setScale(1), band);
    }

    private static Map.Entry<String, ExerciseInfo> e(String code, LoadType type, Unit unit, String easier, String harder) {
        return Map.entry(code, new ExerciseInfo(code, type, unit, true, easier, harder));
    }
}
