package org.rehabloop.assessment.projection;

import jakarta.enterprise.context.ApplicationScoped;
import org.rehabloop.assessment.rules.History;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the history of one programme for the rules, in event-time order: the sessions logged against it, and the
 * patient's check-ins from its start day until the patient's next programme took over. An earlier programme's
 * sessions count neither for nor against this one.
 */
@ApplicationScoped
public class HistoryRepository {

    /** The history of the programme {@code programId}, or empty while plan-service's event has not arrived. */
    public Optional<History> of(UUID programId) {
        PatientProgram program = PatientProgram.findById(programId);
        if (program == null) {
            return Optional.empty();
        }
        var sessions = SessionRecord.<SessionRecord>list("programId = ?1 order by performedAt, id", programId)
                .stream().map(SessionRecord::toEvent).toList();
        Instant from = program.startsAt();
        Instant until = program.endsAt().orElse(Instant.MAX);
        var checkIns = PainRecord.<PainRecord>list("patientId = ?1 and at >= ?2 and at < ?3 order by at, id",
                        program.patientId, from, until.isAfter(FAR_FUTURE) ? FAR_FUTURE : until)
                .stream().map(PainRecord::toEvent).toList();
        return Optional.of(new History(program.snapshot(), sessions, checkIns));
    }

    /** PostgreSQL's timestamptz ends long before {@link Instant#MAX}. */
    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");
}
