package org.rehabloop.logging.session;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored session as the API returns it. */
@Schema(name = "Session", description = "A stored session")
public record SessionView(UUID id, UUID patientId, UUID programId, int programVersion, Instant performedAt,
        int durationMinutes, int sessionRpe, int painBefore, String notes, List<WorkoutLogged.Entry> exercises,
        Instant receivedAt) {

    static SessionView of(SessionLog s) {
        return new SessionView(s.id, s.patientId, s.programId, s.programVersion, s.performedAt, s.durationMinutes,
                s.sessionRpe, s.painBefore, s.notes, s.exercises, s.receivedAt);
    }
}
