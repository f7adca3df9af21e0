package org.rehabloop.logging.checkin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.rehabloop.contracts.PainKind;

import java.time.Instant;
import java.util.UUID;

@Schema(name = "PainCheckIn", description = "A stored pain check-in")
public record PainCheckInView(UUID id, UUID patientId, Instant at, int pain, PainKind kind, Instant receivedAt) {
    static PainCheckInView of(PainCheckIn c) {
        return new PainCheckInView(c.id, c.patientId, c.at, c.pain, c.kind, c.receivedAt);
    }
}
