package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The definitions of RULES.md that several rules share: meeting a prescription, totals per side, UTC days. */
final class Sessions {
    static final int MEETS_MAX_PAIN = 3;

    private Sessions() {
    }

    /** The entry of {@code exerciseCode} in a session, if the patient did it. */
    static Optional<WorkoutLogged.Entry> entry(WorkoutLogged session, String exerciseCode) {
        return session.exercises().stream().filter(e -> e.exerciseCode().equals(exerciseCode)).findFirst();
    }

    /** The sessions (in event time) in which the patient did {@code exerciseCode}; left-out sessions do not count. */
    static List<WorkoutLogged> withExercise(History history, String exerciseCode) {
        List<WorkoutLogged> sessions = new ArrayList<>();
        for (WorkoutLogged s : history.sessions()) {
            if (entry(s, exerciseCode).isPresent()) {
                sessions.add(s);
            }
        }
        return sessions;
    }

    static Optional<WorkoutLogged> byId(History history, UUID sessionId) {
        return sessionId == null ? Optional.empty()
                : history.sessions().stream().filter(s -> s.sessionId().equals(sessionId)).findFirst();
    }

    /** Every set's count reaches the target, at the prescribed load or band or more, clean form, pain at most 3. */
    static boolean meets(WorkoutLogged.Entry entry, Prescription p) {
        if (entry.form() != Form.CLEAN || entry.painDuring() > MEETS_MAX_PAIN || entry.sets().isEmpty()) {
            return false;
        }
        for (WorkoutLogged.SetDone set : entry.sets()) {
            if (set.count() < p.target() || lighter(set, p)) {
                return false;
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

    /** What was done in all, in the exercise's unit: a per-side set without a side was done on each side. */
    static int totalDone(WorkoutLogged.Entry entry, Prescription p) {
        int total = 0;
        for (WorkoutLogged.SetDone set : entry.sets()) {
            total += p.perSide() && set.side() == null ? 2 * set.count() : set.count();
        }
        return total;
    }

    static int totalPrescribed(Prescription p) {
        return p.sets() * p.target() * (p.perSide() ? 2 : 1);
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

    /** The start of {@code at}'s UTC day: evidence of time-window rules is dated by day, so a repeat run adds none. */
    static Instant dayStart(Instant at) {
        return day(at).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
