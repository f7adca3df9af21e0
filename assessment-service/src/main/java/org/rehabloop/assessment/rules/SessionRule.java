package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.WorkoutLogged;

import java.time.Instant;
import java.util.List;

/**
 * A rule that judges the session that arrived, wherever it lands in event time; a check-in or the daily run give it
 * nothing to judge.
 */
interface SessionRule extends Rule {
    @Override
    default List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        return Sessions.byId(history, trigger.sessionId()).map(arrived -> judge(history, arrived)).orElse(List.of());
    }

    /** The findings of {@code arrived}, a session of {@code history}. */
    List<Finding> judge(History history, WorkoutLogged arrived);
}
