package org.rehabloop.assessment.rules;

import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Prescription;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The programme version the rules judge against. */
public record ProgramSnapshot(UUID programId, UUID patientId, UUID clinicianId, int version, int sessionsPerWeek,
        LocalDate startDate, Phase phase, List<Prescription> prescriptions) {

    public Optional<Prescription> prescription(String exerciseCode) {
        return prescriptions.stream().filter(p -> p.exerciseCode().equals(exerciseCode)).findFirst();
    }
}
