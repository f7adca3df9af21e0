package org.rehabloop.plan.program;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.rehabloop.contracts.AutoAdjust;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Prescription;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A programme as DESIGN.md shows it. */
@Schema(name = "Programme", description = "A patient's programme as it stands (its latest version)")
public record ProgramView(UUID id, UUID patientId, UUID clinicianId, String templateCode, Program.Status status,
        int version, int sessionsPerWeek, AutoAdjust autoAdjust, Phase phase, List<Prescription> prescriptions,
        Instant updatedAt) {

    static ProgramView of(Program p) {
        return new ProgramView(p.id, p.patientId, p.clinicianId, p.templateCode, p.status, p.version,
                p.sessionsPerWeek, p.autoAdjust, p.phase(), p.prescriptions, p.updatedAt);
    }
}
