package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.WorkoutLogged;

import java.util.List;

/** One patient's programme and training history, sessions and check-ins in event-time order. */
public record History(ProgramSnapshot program, List<WorkoutLogged> sessions, List<PainReported> checkIns) {
}
