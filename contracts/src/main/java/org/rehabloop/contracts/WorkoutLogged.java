package org.rehabloop.contracts;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@value EventTypes#WORKOUT_LOGGED}: a patient's session as it was accepted; {@code sessionId} is the phone's id. */
public record WorkoutLogged(
        UUID sessionId,
        UUID patientId,
        UUID programId,
        int programVersion,
        Instant performedAt,
        int durationMinutes,
        int sessionRpe,
        int painBefore,
        List<Entry> exercises,
        Instant loggedAt) {

    /** One exercise of the session. */
    @Schema(name = "LoggedExercise")
    public record Entry(String exerciseCode, Form form, int painDuring, List<SetDone> sets) {
    }

    /** One set: its count in the exercise's unit, and the load or band it was done with. */
    @Schema(name = "LoggedSet")
    public record SetDone(int count, BigDecimal loadKg, Band band, Side side) {
    }
}
