package org.rehabloop.assessment.patient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.assessment.alert.Alert;
import org.rehabloop.assessment.alert.AlertService;
import org.rehabloop.assessment.projection.HistoryRepository;
import org.rehabloop.assessment.projection.PatientProgram;
import org.rehabloop.assessment.rules.Finding;
import org.rehabloop.assessment.rules.History;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.AlertStatus;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Builds {@link PatientAssessment} from the projection, the open alerts and the same rules as the live path. */
@ApplicationScoped
public class PatientAssessmentService {
    static final int ADHERENCE_DAYS = 14;
    static final int PAIN_WEEKS = 6;

    @Inject
    HistoryRepository histories;

    @Inject
    AlertService alerts;

    @Inject
    Clock clock;

    public Optional<PatientAssessment> of(PatientProgram program) {
        return histories.of(program.programId, Trigger.SCHEDULE, clock.instant()).map(history -> assess(program, history));
    }

    private PatientAssessment assess(PatientProgram program, History history) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Alert> open = Alert.list("patientId = ?1 and status <> ?2 order by createdAt desc", program.patientId, AlertStatus.RESOLVED);
        List<Finding> findings = history.sessions().isEmpty() ? List.of() : alerts.ruleBook().evaluate(history,
                Trigger.session(history.sessions().get(history.sessions().size() - 1).sessionId()), now);
        List<PatientAssessment.ExerciseStatus> statuses = new ArrayList<>();
        for (Prescription p : program.prescriptions) {
            statuses.add(status(p.exerciseCode(), open, findings));
        }
        return new PatientAssessment(program.patientId, program.programId, program.version, today,
                adherence(history, program.sessionsPerWeek, now), weeklyPain(history, today), statuses,
                open.stream().map(Alert::toEvent).toList());
    }

    private static PatientAssessment.ExerciseStatus status(String code, List<Alert> open, List<Finding> findings) {
        Optional<Alert> overload = open.stream().filter(a -> a.category == AlertCategory.OVERLOAD
                && (code.equals(a.exerciseCode) || a.exerciseCode == null)).findFirst();
        if (overload.isPresent()) {
            return new PatientAssessment.ExerciseStatus(code, PatientAssessment.Status.OVERLOADED, overload.get().ruleCode);
        }
        Optional<Alert> stalled = open.stream().filter(a -> a.category == AlertCategory.STALLED && code.equals(a.exerciseCode)).findFirst();
        if (stalled.isPresent()) {
            return new PatientAssessment.ExerciseStatus(code, PatientAssessment.Status.STALLED, stalled.get().ruleCode);
        }
        boolean ready = findings.stream().anyMatch(f -> "PRG-2FOR2".equals(f.ruleCode()) && code.equals(f.exerciseCode()));
        return ready ? new PatientAssessment.ExerciseStatus(code, PatientAssessment.Status.READY, "PRG-2FOR2")
                : new PatientAssessment.ExerciseStatus(code, PatientAssessment.Status.PROGRESSING, null);
    }

    private static PatientAssessment.Adherence adherence(History history, int sessionsPerWeek, Instant now) {
        Instant from = now.minusSeconds(ADHERENCE_DAYS * 86_400L);
        int sessions = (int) history.sessions().stream()
                .filter(s -> !s.performedAt().isBefore(from) && !s.performedAt().isAfter(now)).count();
        int prescribed = 2 * sessionsPerWeek;
        return new PatientAssessment.Adherence(sessions, prescribed,
                BigDecimal.valueOf(100L * sessions).divide(BigDecimal.valueOf(prescribed), 0, RoundingMode.HALF_UP));
    }

    private static List<PatientAssessment.WeeklyPain> weeklyPain(History history, LocalDate today) {
        List<PatientAssessment.WeeklyPain> weeks = new ArrayList<>();
        for (int w = PAIN_WEEKS - 1; w >= 0; w--) {
            LocalDate start = today.minusDays(7L * w + 6);
            Instant from = start.atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant to = start.plusDays(7).atStartOfDay().toInstant(ZoneOffset.UTC);
            List<Integer> ratings = new ArrayList<>();
            for (WorkoutLogged s : history.sessions()) {
                if (!s.performedAt().isBefore(from) && s.performedAt().isBefore(to)) {
                    s.exercises().forEach(e -> ratings.add(e.painDuring()));
                }
            }
            for (PainReported c : history.checkIns()) {
                if (!c.at().isBefore(from) && c.at().isBefore(to)) {
                    ratings.add(c.pain());
                }
            }
            BigDecimal mean = ratings.isEmpty() ? null : BigDecimal.valueOf(ratings.stream().mapToInt(Integer::intValue).sum())
                    .divide(BigDecimal.valueOf(ratings.size()), 1, RoundingMode.HALF_UP);
            weeks.add(new PatientAssessment.WeeklyPain(start, mean, ratings.size()));
        }
        return weeks;
    }

    /** The active programme of a patient (the newest one assessment knows). */
    /** Sessions in the last 14 days against those prescribed, for a caseload list (no rules run). */
    public PatientAssessment.Adherence adherenceOf(PatientProgram program) {
        Instant now = clock.instant();
        return histories.of(program.programId, Trigger.SCHEDULE, now)
                .map(history -> adherence(history, program.sessionsPerWeek, now))
                .orElse(new PatientAssessment.Adherence(0, 2 * program.sessionsPerWeek, BigDecimal.ZERO));
    }

    public static Optional<PatientProgram> programOf(UUID patientId) {
        return PatientProgram.find("patientId = ?1 order by updatedAt desc", patientId).firstResultOptional();
    }
}
