package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Side;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The definitions of RULES.md that several rules share: meeting a prescription, sides, runs of consecutive sessions,
 * UTC days.
 */
final class Sessions {
    /** One "side" standing for both, for exercises that are not done per side. */
    private static final List<Side> BOTH = Collections.singletonList(null);
    private static final List<Side> EACH = List.of(Side.LEFT, Side.RIGHT);

    private Sessions() {
    }

    /** The entry of {@code exerciseCode} in a session, if the patient did it. */
    static Optional<WorkoutLogged.Entry> entry(WorkoutLogged session, String exerciseCode) {
        for (WorkoutLogged.Entry e : session.exercises()) {
            if (e.exerciseCode().equals(exerciseCode)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * Where {@code session} is in {@code sessions} (-1 if it is not), by its id: a record's own equals compares every
     * component, its exercises and sets first, and that was a fifth of the rules' time in a replay.
     */
    static int indexOf(List<WorkoutLogged> sessions, WorkoutLogged session) {
        for (int i = 0; i < sessions.size(); i++) {
            if (sessions.get(i).sessionId().equals(session.sessionId())) {
                return i;
            }
        }
        return -1;
    }

    /** The sessions (in event time) in which the patient did {@code exerciseCode}; left-out sessions do not count. */
    static List<WorkoutLogged> withExercise(History history, String exerciseCode) {
        return history.sessionsWith(exerciseCode);
    }

    static Optional<WorkoutLogged> byId(History history, UUID sessionId) {
        return Optional.ofNullable(history.session(sessionId));
    }

    /**
     * The first run of {@code length} consecutive sessions of {@code sessions} that contains {@code arrived} and where
     * every session matches; the run ending at {@code arrived} is preferred, so a late session completes the run it
     * lands in. Empty when there is none.
     */
    static Optional<List<WorkoutLogged>> runWith(List<WorkoutLogged> sessions, WorkoutLogged arrived, int length,
            Predicate<WorkoutLogged> match) {
        int at = indexOf(sessions, arrived);
        if (at < 0 || length < 1) {
            return Optional.empty();
        }
        for (int from = Math.max(0, at - length + 1); from <= at && from + length <= sessions.size(); from++) {
            List<WorkoutLogged> run = sessions.subList(from, from + length);
            if (run.stream().allMatch(match)) {
                return Optional.of(List.copyOf(run));
            }
        }
        return Optional.empty();
    }

    /** The sides an exercise is judged on: LEFT and RIGHT when it is per side, else one (null) standing for the whole. */
    static List<Side> sides(Prescription p) {
        return p.perSide() ? EACH : BOTH;
    }

    /** The sets done on {@code side}: those with that side and those without one (done on each side). */
    static List<WorkoutLogged.SetDone> setsOn(WorkoutLogged.Entry entry, Side side) {
        return side == null ? entry.sets()
                : entry.sets().stream().filter(s -> s.side() == null || s.side() == side).toList();
    }

    /**
     * The entry meets its prescription: on each side, the prescribed number of sets, each with its count at the target
     * or more and at the prescribed load or band or more; form CLEAN; painDuring at most {@code maxPain} (3).
     */
    static boolean meets(WorkoutLogged.Entry entry, Prescription p, int maxPain) {
        if (entry.form() != Form.CLEAN || entry.painDuring() > maxPain) {
            return false;
        }
        for (Side side : sides(p)) {
            List<WorkoutLogged.SetDone> sets = setsOn(entry, side);
            if (sets.size() < Math.max(1, p.sets())) {
                return false;
            }
            for (WorkoutLogged.SetDone set : sets) {
                if (set.count() < p.target() || lighter(set, p)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The patient used less load, or a lighter band, than prescribed in some set: such a session never counts toward progress. */
    static boolean loweredLoad(WorkoutLogged.Entry entry, Prescription p) {
        return entry.sets().stream().anyMatch(set -> lighter(set, p));
    }

    private static boolean lighter(WorkoutLogged.SetDone set, Prescription p) {
        if (p.loadKg() != null && p.loadKg().signum() > 0 && kg(set.loadKg()).compareTo(p.loadKg()) < 0) {
            return true;
        }
        return p.band() != null && (set.band() == null || set.band().ordinal() < p.band().ordinal());
    }

    /** The count of the last set, on the side where it is lowest (sides are judged side by side); 0 when nothing was done. */
    static int lastSetCount(WorkoutLogged.Entry entry, Prescription p) {
        int lowest = Integer.MAX_VALUE;
        for (Side side : sides(p)) {
            List<WorkoutLogged.SetDone> sets = setsOn(entry, side);
            lowest = Math.min(lowest, sets.isEmpty() ? 0 : sets.get(sets.size() - 1).count());
        }
        return lowest;
    }

    /**
     * What was done against what was prescribed, on the side where it is lowest: the sum of the side's counts over
     * sets x target. Two decimals.
     */
    static BigDecimal shareOfPrescribedTotal(WorkoutLogged.Entry entry, Prescription p) {
        int prescribed = Math.max(1, p.sets() * p.target());
        int lowest = Integer.MAX_VALUE;
        for (Side side : sides(p)) {
            lowest = Math.min(lowest, setsOn(entry, side).stream().mapToInt(WorkoutLogged.SetDone::count).sum());
        }
        return BigDecimal.valueOf(lowest).divide(BigDecimal.valueOf(prescribed), 2, RoundingMode.HALF_UP);
    }

    static BigDecimal kg(BigDecimal load) {
        return load == null ? BigDecimal.ZERO : load;
    }

    static int bandLevel(Band band) {
        return band == null ? -1 : band.ordinal();
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    static Instant start(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The start of {@code at}'s UTC day: evidence of time-window rules is dated by day, so a repeat run adds none. */
    static Instant dayStart(Instant at) {
        return start(day(at));
    }

    /** Whether {@code at} falls on one of the UTC days from {@code first} to {@code last}, both included. */
    static boolean onDays(Instant at, LocalDate first, LocalDate last) {
        LocalDate d = day(at);
        return !d.isBefore(first) && !d.isAfter(last);
    }
}
