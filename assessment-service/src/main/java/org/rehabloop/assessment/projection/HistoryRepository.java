package org.rehabloop.assessment.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.assessment.rules.History;
import org.rehabloop.assessment.rules.RuleThresholds;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the history of one programme for the rules, in event-time order: the sessions logged against it, and the
 * patient's check-ins from its start day until the patient's next programme took over. An earlier programme's
 * sessions count neither for nor against this one.
 *
 * <p>Only the window the rules look at is read ({@link RuleThresholds#historyDays()} before the event being judged,
 * which may be a late one), plus what some rules need from further back: the programme's first
 * {@link RuleThresholds#painStalledWindowDays()} days, the current phase while it has a minimum length, the latest
 * {@link RuleThresholds#historySessions()} sessions and the very first. The cost of an event does not grow with the
 * years of history a patient has.
 */
@ApplicationScoped
public class HistoryRepository {
    /** PostgreSQL's timestamptz ends long before {@link Instant#MAX}. */
    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");

    @Inject
    RuleThresholds thresholds;

    /** The history of the programme {@code programId}, or empty while plan-service's event has not arrived. */
    public Optional<History> of(UUID programId, Trigger trigger, Instant now) {
        PatientProgram program = PatientProgram.findById(programId);
        if (program == null) {
            return Optional.empty();
        }
        Instant from = eventTime(trigger).filter(at -> at.isBefore(now)).orElse(now)
                .minus(Duration.ofDays(thresholds.historyDays()));
        Instant phaseStart = program.phase.startedOn().atStartOfDay(ZoneOffset.UTC).toInstant();
        if (program.phase.number() <= 2 && phaseStart.isBefore(from)) {
            from = phaseStart; // PRG-PHASE judges the whole phase while it has a minimum length to serve
        }
        Instant firstWeeks = program.startsAt().plus(Duration.ofDays(thresholds.painStalledWindowDays()));

        Map<UUID, SessionRecord> sessions = new LinkedHashMap<>();
        SessionRecord.<SessionRecord>find("programId = ?1 and (performedAt >= ?2 or performedAt < ?3)",
                programId, from, firstWeeks).list().forEach(s -> sessions.put(s.id, s));
        SessionRecord.<SessionRecord>find("programId = ?1 order by performedAt desc, id desc", programId)
                .page(0, thresholds.historySessions()).list().forEach(s -> sessions.putIfAbsent(s.id, s));
        SessionRecord.<SessionRecord>find("programId = ?1 order by performedAt, id", programId)
                .firstResultOptional().ifPresent(s -> sessions.putIfAbsent(s.id, s));
        List<WorkoutLogged> ordered = new ArrayList<>(sessions.values().stream().map(SessionRecord::toEvent).toList());
        ordered.sort(Comparator.comparing(WorkoutLogged::performedAt).thenComparing(WorkoutLogged::sessionId));

        Instant until = program.endsAt().filter(end -> end.isBefore(FAR_FUTURE)).orElse(FAR_FUTURE);
        List<PainReported> checkIns = PainRecord.<PainRecord>list("patientId = ?1 and at >= ?2 and at < ?3 "
                        + "and (at >= ?4 or at < ?5) order by at, id",
                program.patientId, program.startsAt(), until, from, firstWeeks)
                .stream().map(PainRecord::toEvent).toList();
        return Optional.of(new History(program.snapshot(), ordered, checkIns));
    }

    /** When the event being judged happened: a session's performedAt, a check-in's time; empty for the schedule. */
    private static Optional<Instant> eventTime(Trigger trigger) {
        if (trigger.sessionId() != null) {
            return Optional.ofNullable(SessionRecord.<SessionRecord>findById(trigger.sessionId())).map(s -> s.performedAt);
        }
        if (trigger.checkInId() != null) {
            return Optional.ofNullable(PainRecord.<PainRecord>findById(trigger.checkInId())).map(c -> c.at);
        }
        return Optional.empty();
    }
}
