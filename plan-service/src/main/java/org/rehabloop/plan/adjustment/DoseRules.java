package org.rehabloop.plan.adjustment;

import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Unit;
import org.rehabloop.plan.catalog.LoadType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dose arithmetic of RULES.md for PROGRESS and DELOAD, per load type, including the variation ladders. Plain
 * Java: the catalogue and the template's doses come in as functions.
 */
public final class DoseRules {
    static final BigDecimal HALF_KG = new BigDecimal("0.5");
    static final BigDecimal ONE_KG = BigDecimal.ONE;
    static final BigDecimal FIRST_LOAD_KG = new BigDecimal("2.0");
    static final int REP_STEP = 2;
    static final int REP_CEILING = 20;
    static final int PAIN_FOR_EASIER_VARIATION = 5;

    /** What the rules need to know of an exercise. */
    public record ExerciseInfo(String code, LoadType loadType, Unit unit, boolean perSide, String easier, String harder) {
    }

    private final Function<String, ExerciseInfo> catalogue;
    /** The template's target for an exercise (or for its family when the exercise itself is not in the template). */
    private final Function<String, Integer> templateTarget;

    public DoseRules(Function<String, ExerciseInfo> catalogue, Function<String, Integer> templateTarget) {
        this.catalogue = catalogue;
        this.templateTarget = templateTarget;
    }

    /** The next harder dose, or empty when there is none (a device, a stretch, or the top of every ladder). */
    public Optional<Prescription> progress(Prescription p) {
        ExerciseInfo exercise = catalogue.apply(p.exerciseCode());
        if (!progressable(exercise)) {
            return Optional.empty();
        }
        return switch (exercise.loadType()) {
            case EXTERNAL -> Optional.of(isLoaded(p) ? withLoad(p, progressedLoad(p.loadKg()))
                    : p.target() < REP_CEILING ? withTarget(p, Math.min(p.target() + REP_STEP, REP_CEILING))
                    : withLoad(withTarget(p, templateTarget.apply(p.exerciseCode())), FIRST_LOAD_KG));
            case BODYWEIGHT -> p.target() < REP_CEILING
                    ? Optional.of(withTarget(p, Math.min(p.target() + REP_STEP, REP_CEILING)))
                    : Optional.ofNullable(exercise.harder()).map(code -> variation(p, code, p.loadKg()));
            case BAND -> {
                Band band = p.band() == null ? Band.EXTRA_LIGHT : p.band();
                if (band.ordinal() < Band.values().length - 1) {
                    yield Optional.of(withBand(p, Band.values()[band.ordinal() + 1]));
                }
                yield p.target() < REP_CEILING
                        ? Optional.of(withTarget(p, Math.min(p.target() + REP_STEP, REP_CEILING))) : Optional.empty();
            }
            case DEVICE -> Optional.empty();
        };
    }

    /**
     * The next easier dose, or empty when it is already the least there is (one set, no lighter load or band).
     * {@code painDuring} above 5 swaps a bodyweight exercise for its easier variation where there is one.
     */
    public Optional<Prescription> deload(Prescription p, Integer painDuring) {
        ExerciseInfo exercise = catalogue.apply(p.exerciseCode());
        return switch (exercise.loadType()) {
            case EXTERNAL -> isLoaded(p) ? Optional.of(withLoad(p, deloadedLoad(p.loadKg()))) : fewerSetsOrEasier(p, exercise, painDuring);
            case BODYWEIGHT, DEVICE -> fewerSetsOrEasier(p, exercise, painDuring);
            case BAND -> {
                Band band = p.band() == null ? Band.EXTRA_LIGHT : p.band();
                yield band.ordinal() > 0 ? Optional.of(withBand(p, Band.values()[band.ordinal() - 1])) : fewerSets(p);
            }
        };
    }

    /** {@code code} in place of {@code p}, in the same block, at the template's target. */
    public Prescription variation(Prescription p, String code, BigDecimal currentLoad) {
        ExerciseInfo to = catalogue.apply(code);
        BigDecimal load = to.loadType() == LoadType.EXTERNAL ? (currentLoad != null ? currentLoad : BigDecimal.ZERO.setScale(1)) : null;
        Band band = to.loadType() == LoadType.BAND ? Band.EXTRA_LIGHT : null;
        return new Prescription(code, p.block(), p.sets(), templateTarget.apply(code), to.unit(), to.perSide(), load, band);
    }

    static BigDecimal progressedLoad(BigDecimal old) {
        BigDecimal plusOne = old.add(ONE_KG);
        BigDecimal plusFivePercent = roundTo(old.multiply(new BigDecimal("1.05")), RoundingMode.CEILING);
        return plusOne.max(plusFivePercent).setScale(1, RoundingMode.UNNECESSARY);
    }

    static BigDecimal deloadedLoad(BigDecimal old) {
        return roundTo(old.multiply(new BigDecimal("0.9")), RoundingMode.FLOOR);
    }

    private static BigDecimal roundTo(BigDecimal kg, RoundingMode mode) {
        return kg.divide(HALF_KG, 0, mode).multiply(HALF_KG).setScale(1, RoundingMode.UNNECESSARY);
    }

    private static boolean progressable(ExerciseInfo exercise) {
        return exercise.unit() == Unit.REPS || exercise.unit() == Unit.STEPS;
    }

    private static boolean isLoaded(Prescription p) {
        return p.loadKg() != null && p.loadKg().signum() > 0;
    }

    private Optional<Prescription> fewerSetsOrEasier(Prescription p, ExerciseInfo exercise, Integer painDuring) {
        if (painDuring != null && painDuring > PAIN_FOR_EASIER_VARIATION && exercise.easier() != null) {
            return Optional.of(variation(p, exercise.easier(), p.loadKg()));
        }
        return fewerSets(p);
    }

    private static Optional<Prescription> fewerSets(Prescription p) {
        return p.sets() > 1 ? Optional.of(new Prescription(p.exerciseCode(), p.block(), p.sets() - 1, p.target(),
                p.unit(), p.perSide(), p.loadKg(), p.band())) : Optional.empty();
    }

    private static Prescription withTarget(Prescription p, int target) {
        return new Prescription(p.exerciseCode(), p.block(), p.sets(), target, p.unit(), p.perSide(), p.loadKg(), p.band());
    }

    private static Prescription withLoad(Prescription p, BigDecimal loadKg) {
        return new Prescription(p.exerciseCode(), p.block(), p.sets(), p.target(), p.unit(), p.perSide(), loadKg, p.band());
    }

    private static Prescription withBand(Prescription p, Band band) {
        return new Prescription(p.exerciseCode(), p.block(), p.sets(), p.target(), p.unit(), p.perSide(), p.loadKg(), band);
    }
}
