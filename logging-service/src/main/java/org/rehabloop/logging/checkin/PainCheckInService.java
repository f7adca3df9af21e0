package org.rehabloop.logging.checkin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Topics;
import org.rehabloop.logging.idempotency.BodyHash;
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
    BodyHash bodyHash;

    @Inject
    EventTime eventTime;

    @Inject
    Clock clock;

    public record Logged(PainCheckIn checkIn, boolean created) {
    }

    public Logged log(UUID patientId, PainCheckInRequest request) {
        return OnceOnly.store(() -> store(patientId, request));
    }

    private Logged store(UUID patientId, PainCheckInRequest request) {
        String hash = bodyHash.of(request);
        PainCheckIn existing = PainCheckIn.findById(request.id());
        if (OnceOnly.retried(existing, patientId, hash, "Check-in " + request.id())) {
            return new Logged(existing, false);
        }
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
        return new Logged(checkIn, true);
    }
}
