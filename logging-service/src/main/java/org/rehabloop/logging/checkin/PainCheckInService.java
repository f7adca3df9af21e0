package org.rehabloop.logging.checkin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Topics;
import org.rehabloop.logging.idempotency.OnceOnly;
import org.rehabloop.logging.idempotency.EventTime;
import org.rehabloop.kit.jdbc.Sql;
import org.rehabloop.kit.outbox.Outbox;

import java.time.Clock;
import java.util.UUID;

/** Stores check-ins once per client id and publishes each through the outbox. */
@ApplicationScoped
public class PainCheckInService {
    @Inject
    Outbox outbox;

    @Inject
    OnceOnly onceOnly;

    @Inject
    EventTime eventTime;

    @Inject
    Clock clock;

    /** @param alsoWritten as for a session ({@code SessionService.log}): the call's audit record, or none in a sync */
    public OnceOnly.Stored<PainCheckIn> log(UUID patientId, PainCheckInRequest request, Sql.Into... alsoWritten) {
        return onceOnly.store(patientId, request, "Check-in " + request.id(),
                hash -> create(patientId, request, hash, alsoWritten), () -> PainCheckIn.findById(request.id()),
                () -> eventTime.check("at", request.at()));
    }

    /** The stored check-in, or null when its id is taken or its time is out of range. */
    private PainCheckIn create(UUID patientId, PainCheckInRequest request, String hash, Sql.Into[] alsoWritten) {
        if (!eventTime.allows(request.at())) {
            return null;
        }
        PainCheckIn checkIn = new PainCheckIn();
        checkIn.id = request.id();
        checkIn.patientId = patientId;
        checkIn.at = request.at();
        checkIn.pain = request.pain();
        checkIn.kind = request.kind();
        checkIn.bodyHash = hash;
        checkIn.receivedAt = clock.instant();
        // one statement for the check-in and its event, as for a session
        boolean stored = outbox.publishCommittedWith("INSERT INTO pain_checkin (id, patient_id, at, pain, kind, body_hash, "
                        + "received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING 1",
                new Object[] {checkIn.id, patientId, checkIn.at, checkIn.pain, checkIn.kind, hash, checkIn.receivedAt},
                Topics.WORKOUT_EVENTS, patientId, EventTypes.PAIN_REPORTED,
                new PainReported(checkIn.id, patientId, checkIn.at, checkIn.pain, checkIn.kind, checkIn.receivedAt),
                alsoWritten);
        return stored ? checkIn : null;
    }
}
