package org.rehabloop.assessment.projection;

import jakarta.enterprise.context.ApplicationScoped;
import org.rehabloop.assessment.rules.History;

import java.util.Optional;
import java.util.UUID;

/** Reads a patient's history for the rules, in event-time order. */
@ApplicationScoped
public class HistoryRepository {

    /** The history of the programme {@code programId}, or empty while plan-service's event has not arrived. */
    public Optional<History> of(UUID programId) {
        PatientProgram program = PatientProgram.findById(programId);
        if (program == null) {
            return Optional.empty();
        }
        var sessions = SessionRecord.<SessionRecord>list("patientId = ?1 order by performedAt, id", program.patientId)
                .stream().map(SessionRecord::toEvent).toList();
        var checkIns = PainRecord.<PainRecord>list("patientId = ?1 order by at, id", program.patientId)
                .stream().map(PainRecord::toEvent).toList();
        return Optional.of(new History(program.snapshot(), sessions, checkIns));
    }
}
