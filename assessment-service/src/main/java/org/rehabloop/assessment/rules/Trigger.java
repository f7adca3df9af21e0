package org.rehabloop.assessment.rules;

import java.util.UUID;

/** What made the rules run: a session or check-in that just arrived, or the daily schedule (both ids null). */
public record Trigger(UUID sessionId, UUID checkInId) {
    public static final Trigger SCHEDULE = new Trigger(null, null);

    public static Trigger session(UUID id) {
        return new Trigger(id, null);
    }
}
