package org.rehabloop.contracts;

import java.time.Instant;
import java.util.UUID;

/** {@value EventTypes#PAIN_REPORTED}: a pain check-in (0-10) outside a session. */
public record PainReported(UUID checkInId, UUID patientId, Instant at, int pain, PainKind kind, Instant reportedAt) {
}
