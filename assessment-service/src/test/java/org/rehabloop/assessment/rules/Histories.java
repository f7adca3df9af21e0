package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Block;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Side;
import org.rehabloop.contracts.Unit;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Builds a patient's history for rule tests: day numbers count from the programme's start (day 0, 1 March 2026,
 * 00:00 UTC; day 2.5 is noon of 3 March). Sets are written compactly, see {@link #sets(String)}.
 */
final class Histories {
    static final LocalDate START = LocalDate.parse("2026-03-01");
    static final Prescription CLAMSHELL = new Prescription("clamshell", Block.ACTIVATION, 2, 15, Unit.REPS, true, null, null);
    static final Prescription DEADLIFT = new Prescription("single-leg-deadlift", Block.STRENGTH, 3, 10, Unit.REPS, true,
            new BigDecimal("4.0"), null);
    static final Prescription BAND_WALK = new Prescription("lateral-band-walk", Block.FUNCTIONAL, 2, 20, Unit.STEPS, true,
            null, Band.LIGHT);

    private final List<Prescription> prescriptions = new ArrayList<>(List.of(CLAMSHELL, DEADLIFT, BAND_WALK));
    private final List<WorkoutLogged> sessions = new ArrayList<>();
    private final List<PainReported> checkIns = new ArrayList<>();
    private int sessionsPerWeek = 3;
    private Phase phase = new Phase(1, "Activation", START);

    /** A prescription of {@code code} for tests that need more than the three defaults: 2 x 10, not per side, no load. */
    static Prescription prescription(String code) {
        return new Prescription(code, Block.STRENGTH, 2, 10, Unit.REPS, false, null, null);
    }

    static Histories history() {
        return new Histories();
    }

    static Instant day(double day) {
        return START.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(Math.round(day * 86_400));
    }

    Histories perWeek(int n) {
        sessionsPerWeek = n;
        return this;
    }

    Histories phase(int number, double startedOnDay) {
        phase = new Phase(number, "Phase " + number, LocalDate.ofInstant(day(startedOnDay), ZoneOffset.UTC));
        return this;
    }

    /** Adds prescriptions, replacing any of the same exercise. */
    Histories prescribe(Prescription... added) {
        for (Prescription p : added) {
            prescriptions.removeIf(q -> q.exerciseCode().equals(p.exerciseCode()));
            prescriptions.add(p);
        }
        return this;
    }

    /** The programme prescribes these and nothing else. */
    Histories prescribeOnly(Prescription... only) {
        prescriptions.clear();
        return prescribe(only);
    }

    /** A session on {@code day} with one entry per exercise given. */
    WorkoutLogged session(double day, int rpe, WorkoutLogged.Entry... entries) {
        WorkoutLogged s = new WorkoutLogged(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, day(day), 30, rpe, 2,
                List.of(entries), day(day));
        sessions.add(s);
        return s;
    }

    WorkoutLogged session(double day, int painBefore, int rpe, int minutes, WorkoutLogged.Entry... entries) {
        WorkoutLogged s = new WorkoutLogged(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, day(day), minutes,
                rpe, painBefore, List.of(entries), day(day));
        sessions.add(s);
        return s;
    }

    PainReported checkIn(double day, int pain, PainKind kind) {
        PainReported c = new PainReported(UUID.randomUUID(), UUID.randomUUID(), day(day), pain, kind, day(day));
        checkIns.add(c);
        return c;
    }

    /** A clamshell entry: {@code sets} sets of {@code count}, clean form unless said. */
    static WorkoutLogged.Entry clamshell(int pain, Form form, int... counts) {
        List<WorkoutLogged.SetDone> sets = new ArrayList<>();
        for (int count : counts) {
            sets.add(new WorkoutLogged.SetDone(count, null, null, null));
        }
        return new WorkoutLogged.Entry("clamshell", form, pain, sets);
    }

    static WorkoutLogged.Entry deadlift(String kg, int pain, Form form, int... counts) {
        List<WorkoutLogged.SetDone> sets = new ArrayList<>();
        for (int count : counts) {
            sets.add(new WorkoutLogged.SetDone(count, new BigDecimal(kg), null, null));
        }
        return new WorkoutLogged.Entry("single-leg-deadlift", form, pain, sets);
    }

    /**
     * Sets written as space-separated tokens {@code [L|R]count[@kg|@BAND]}: {@code "15 15"} two sets of 15 without side
     * (done on each side), {@code "L15 R12"} one set per side, {@code "10@4.5"} at 4.5 kg, {@code "20@LIGHT"} on a LIGHT
     * band. An empty string is no set.
     */
    static List<WorkoutLogged.SetDone> sets(String spec) {
        List<WorkoutLogged.SetDone> sets = new ArrayList<>();
        for (String token : spec.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            Side side = switch (token.charAt(0)) {
                case 'L' -> Side.LEFT;
                case 'R' -> Side.RIGHT;
                default -> null;
            };
            String rest = side == null ? token : token.substring(1);
            String[] parts = rest.split("@", 2);
            BigDecimal kg = null;
            Band band = null;
            if (parts.length == 2) {
                if (Character.isDigit(parts[1].charAt(0))) {
                    kg = new BigDecimal(parts[1]);
                } else {
                    band = Band.valueOf(parts[1]);
                }
            }
            sets.add(new WorkoutLogged.SetDone(Integer.parseInt(parts[0]), kg, band, side));
        }
        return sets;
    }

    /** An entry of any exercise, its sets written as in {@link #sets(String)}. */
    static WorkoutLogged.Entry entry(String exerciseCode, Form form, int pain, String sets) {
        return new WorkoutLogged.Entry(exerciseCode, form, pain, sets(sets));
    }

    History build() {
        sessions.sort(Comparator.comparing(WorkoutLogged::performedAt));
        checkIns.sort(Comparator.comparing(PainReported::at));
        return new History(new ProgramSnapshot(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, sessionsPerWeek,
                START, phase, prescriptions), List.copyOf(sessions), List.copyOf(checkIns));
    }
}
