package org.rehabloop.assessment.rules;

import java.util.UUID;

/**
 * What made the rules run: a session or a check-in that just arrived, or (both ids null) the passing of time or a
 * change of the programme: the daily run, and a new version or phase from plan-service. The rules about one session
 * or one check-in run only for their own trigger; the rules over windows of time run for every trigger.
 */
public record Trigger(UUID sessionId, UUID checkInId) {
    public static final Trigger SCHEDULE = new Trigger(null, null);

    public static Trigger session(UUID id) {
        return new Trigger(id, null);
    }

    public static Trigger checkIn(UUID id) {
        return new Trigger(null, id);
    }
}
