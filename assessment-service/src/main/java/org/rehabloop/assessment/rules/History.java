package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.WorkoutLogged;

import java.util.List;

/**
 * One patient's programme and training history, sessions and check-ins in event-time order.
 *
 * @param sessionsInPhase how many sessions were done in the current phase up to now, when {@code sessions} holds only
 *                        the window the rules look at (the phase may have started long before it); null when
 *                        {@code sessions} is the whole history, which then gives the count
 */
public record History(ProgramSnapshot program, List<WorkoutLogged> sessions, List<PainReported> checkIns,
        Integer sessionsInPhase) {
    /** A whole history: every session of the programme. */
    public History(ProgramSnapshot program, List<WorkoutLogged> sessions, List<PainReported> checkIns) {
        this(program, sessions, checkIns, null);
    }
}
