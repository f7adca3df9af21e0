package org.rehabloop.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** {@value EventTypes#PLAN_ISSUED}: a clinician issued a programme (version 1) to a patient. */
public record PlanIssued(
        UUID programId,
        UUID patientId,
        UUID clinicianId,
        String templateCode,
        int version,
        int sessionsPerWeek,
        AutoAdjust autoAdjust,
        LocalDate startDate,
        Phase phase,
        List<Prescription> prescriptions,
        Instant issuedAt) {
}
