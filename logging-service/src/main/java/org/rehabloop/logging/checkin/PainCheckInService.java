package org.rehabloop.logging.checkin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Topics;
import org.rehabloop.logging.idempotency.OnceOnly;
import org.rehabloop.logging.idempotency.EventTime;
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

    public OnceOnly.Stored<PainCheckIn> log(UUID patientId, PainCheckInRequest request) {
        return onceOnly.store(patientId, request, "Check-in " + request.id(), () -> PainCheckIn.findById(request.id()),
                hash -> create(patientId, request, hash));
    }

    private PainCheckIn create(UUID patientId, PainCheckInRequest request, String hash) {
        eventTime.check("at", request.at());
        PainCheckIn checkIn = new PainCheckIn();
        checkIn.id = request.id();
        checkIn.patientId = patientId;
        checkIn.at = request.at();
        checkIn.pain = request.pain();
        checkIn.kind = request.kind();
        checkIn.bodyHash = hash;
        checkIn.receivedAt = clock.instant();
        checkIn.persist();
        outbox.publish(Topics.WORKOUT_EVENTS, patientId, EventTypes.PAIN_REPORTED,
                new PainReported(checkIn.id, patientId, checkIn.at, checkIn.pain, checkIn.kind, checkIn.receivedAt));
        return checkIn;
    }
}
