package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Block;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Prescription;
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

/** Builds a patient's history for rule tests: day numbers count from the programme's start (day 0, 1 March 2026). */
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

    static WorkoutLogged.Entry bandWalk(Band band, int count) {
        return new WorkoutLogged.Entry("lateral-band-walk", Form.CLEAN, 1,
                List.of(new WorkoutLogged.SetDone(count, null, band, null), new WorkoutLogged.SetDone(count, null, band, null)));
    }

    History build() {
        sessions.sort(Comparator.comparing(WorkoutLogged::performedAt));
        checkIns.sort(Comparator.comparing(PainReported::at));
        return new History(new ProgramSnapshot(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, sessionsPerWeek,
                START, phase, prescriptions), List.copyOf(sessions), List.copyOf(checkIns));
    }
}
