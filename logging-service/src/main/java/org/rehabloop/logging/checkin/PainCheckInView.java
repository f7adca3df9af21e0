package org.rehabloop.logging.checkin;

import org.rehabloop.contracts.PainKind;

import java.time.Instant;
import java.util.UUID;

public record PainCheckInView(UUID id, UUID patientId, Instant at, int pain, PainKind kind, Instant receivedAt) {
    static PainCheckInView of(PainCheckIn c) {
        return new PainCheckInView(c.id, c.patientId, c.at, c.pain, c.kind, c.receivedAt);
    }
}
