package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.WorkoutLogged;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One patient's programme and training history, sessions and check-ins in event-time order.
 *
 * <p>Immutable, with the sessions also indexed by id and by exercise: each session rule looks up the session that
 * arrived and the sessions in which the patient did each of its exercises, for every event judged over the history. A
 * backlog's programme has all its waiting sessions judged over one history, and scanning the history for each
 * (rule, exercise, session) was an eighth of assessment-service's CPU in a replay (JFR samples).
 */
public final class History {
    private final ProgramSnapshot program;
    private final List<WorkoutLogged> sessions;
    private final List<PainReported> checkIns;
    private final Integer sessionsInPhase;
    private final Map<UUID, WorkoutLogged> byId;
    private final Map<String, List<WorkoutLogged>> byExercise;

    /**
     * @param sessionsInPhase how many sessions were done in the current phase up to now, when {@code sessions} holds
     *                        only the window the rules look at (the phase may have started long before it); null when
     *                        {@code sessions} is the whole history, which then gives the count
     */
    public History(ProgramSnapshot program, List<WorkoutLogged> sessions, List<PainReported> checkIns,
            Integer sessionsInPhase) {
        this.program = program;
        this.sessions = Collections.unmodifiableList(new ArrayList<>(sessions));
        this.checkIns = checkIns;
        this.sessionsInPhase = sessionsInPhase;
        Map<UUID, WorkoutLogged> ids = new HashMap<>();
        Map<String, List<WorkoutLogged>> exercises = new HashMap<>();
        for (WorkoutLogged s : this.sessions) {
            ids.putIfAbsent(s.sessionId(), s);
            for (WorkoutLogged.Entry e : s.exercises()) {
                List<WorkoutLogged> with = exercises.computeIfAbsent(e.exerciseCode(), code -> new ArrayList<>());
                if (with.isEmpty() || with.get(with.size() - 1) != s) { // an exercise entered twice is one session
                    with.add(s);
                }
            }
        }
        this.byId = ids;
        exercises.replaceAll((code, with) -> Collections.unmodifiableList(with));
        this.byExercise = exercises;
    }

    /** A whole history: every session of the programme. */
    public History(ProgramSnapshot program, List<WorkoutLogged> sessions, List<PainReported> checkIns) {
        this(program, sessions, checkIns, null);
    }

    public ProgramSnapshot program() {
        return program;
    }

    public List<WorkoutLogged> sessions() {
        return sessions;
    }

    public List<PainReported> checkIns() {
        return checkIns;
    }

    public Integer sessionsInPhase() {
        return sessionsInPhase;
    }

    /** The session {@code sessionId} of this history (the first, should two have it), or null. */
    WorkoutLogged session(UUID sessionId) {
        return sessionId == null ? null : byId.get(sessionId);
    }

    /** The sessions (in event time) in which the patient did {@code exerciseCode}. */
    List<WorkoutLogged> sessionsWith(String exerciseCode) {
        return byExercise.getOrDefault(exerciseCode, List.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof History h && Objects.equals(program, h.program) && sessions.equals(h.sessions)
                && Objects.equals(checkIns, h.checkIns) && Objects.equals(sessionsInPhase, h.sessionsInPhase);
    }

    @Override
    public int hashCode() {
        return Objects.hash(program, sessions, checkIns, sessionsInPhase);
    }

    @Override
    public String toString() {
        return "History[program=" + program + ", sessions=" + sessions + ", checkIns=" + checkIns
                + ", sessionsInPhase=" + sessionsInPhase + "]";
    }
}
