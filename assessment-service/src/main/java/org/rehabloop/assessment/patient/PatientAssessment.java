package org.rehabloop.assessment.patient;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.rehabloop.contracts.AlertChanged;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Where a patient stands: adherence, pain week by week, each exercise's status, and the open alerts. */
public record PatientAssessment(UUID patientId, UUID programId, int programVersion, LocalDate asOf,
        Adherence adherence, List<WeeklyPain> weeklyPain, List<ExerciseStatus> exercises, List<AlertChanged> openAlerts) {

    /** Sessions in the last 14 days against the 2 x sessionsPerWeek prescribed. */
    public record Adherence(int sessions, int prescribed, BigDecimal percent) {
    }

    /** Mean pain (exercise entries' painDuring and check-ins) of the 7 days starting {@code weekStart}; null when none. */
    public record WeeklyPain(LocalDate weekStart, BigDecimal mean, int ratings) {
    }

    @Schema(name = "ExerciseProgress")
    public enum Status { PROGRESSING, READY, STALLED, OVERLOADED }

    @Schema(name = "ExerciseStatus")
    public record ExerciseStatus(String exerciseCode, Status status, String why) {
    }
}
