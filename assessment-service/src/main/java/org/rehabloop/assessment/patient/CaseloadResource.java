package org.rehabloop.assessment.patient;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.rehabloop.assessment.alert.Alert;
import org.rehabloop.assessment.projection.PatientProgram;
import org.rehabloop.assessment.projection.SessionRecord;
import org.rehabloop.contracts.AlertStatus;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Severity;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.kit.security.CurrentUser;
import org.rehabloop.kit.security.Roles;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A clinician's caseload for a dashboard: each patient with their programme, phase, adherence and open alerts by
 * severity, those who need attention first (the highest open severity, then the most open alerts, then the lowest
 * adherence). An admin sees every patient.
 */
@Path("/v1/clinicians/me/patients")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Caseload", description = "A clinician's patients at a glance, those who need attention first")
public class CaseloadResource {
    @Inject
    CurrentUser user;

    @Inject
    PatientAssessmentService assessments;

    @Schema(name = "CaseloadProgramme", description = "The patient's current programme")
    public record Programme(UUID id, String templateCode, int version, int sessionsPerWeek, java.time.LocalDate startDate,
            Phase phase) {
    }

    @Schema(name = "OpenAlertCounts", description = "The patient's unresolved alerts, by severity")
    public record OpenAlerts(int high, int medium, int low, int total) {
    }

    @Schema(name = "CaseloadPatient", description = "One patient of the caseload")
    public record Patient(UUID patientId, Programme programme, PatientAssessment.Adherence adherence, OpenAlerts openAlerts,
            Instant lastSessionAt) {
    }

    @Schema(name = "CaseloadPage", description = "A page of the caseload; `nextCursor` fetches the next one")
    public record Page(List<Patient> items, String nextCursor) {
    }

    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(operationId = "listMyPatients", summary = "List my patients, those who need attention first",
            description = "The patients of the programmes the caller issued (an admin: all), each with the current "
                    + "programme, phase, adherence over 14 days and unresolved alerts by severity. `severity` keeps the "
                    + "patients with an unresolved alert of that severity or higher; `status` those with an alert in that "
                    + "status (OPEN or ACKNOWLEDGED).")
    @APIResponse(responseCode = "200", description = "A page of patients")
    public Page patients(@QueryParam("severity") Severity severity, @QueryParam("status") AlertStatus status,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit, @QueryParam("cursor") String cursor) {
        if (status == AlertStatus.RESOLVED) {
            throw ProblemException.badField("status", "must be OPEN or ACKNOWLEDGED: a resolved alert needs no attention");
        }
        int offset = offset(cursor);
        Map<UUID, PatientProgram> current = new LinkedHashMap<>();
        List<PatientProgram> programmes = user.isAdmin()
                ? PatientProgram.<PatientProgram>list("order by updatedAt desc")
                : PatientProgram.<PatientProgram>list("clinicianId = ?1 order by updatedAt desc", user.id());
        programmes.forEach(p -> current.putIfAbsent(p.patientId, p));
        List<Alert> unresolved = current.isEmpty() ? List.of()
                : Alert.list("patientId in ?1 and status <> ?2", current.keySet(), AlertStatus.RESOLVED);
        List<Patient> caseload = current.values().stream()
                .filter(p -> unresolved.stream().anyMatch(a -> a.patientId.equals(p.patientId)
                        && (severity == null || a.severity.compareTo(severity) >= 0)
                        && (status == null || a.status == status)) || (severity == null && status == null))
                .map(p -> patient(p, unresolved.stream().filter(a -> a.patientId.equals(p.patientId)).toList()))
                .sorted(Comparator.comparingInt((Patient p) -> -highest(p.openAlerts()))
                        .thenComparingInt(p -> -p.openAlerts().total())
                        .thenComparing(p -> p.adherence().percent())
                        .thenComparing(Patient::patientId))
                .toList();
        List<Patient> page = caseload.subList(Math.min(offset, caseload.size()), Math.min(offset + limit, caseload.size()));
        String next = offset + limit < caseload.size() ? encode(offset + limit) : null;
        return new Page(page, next);
    }

    private Patient patient(PatientProgram p, List<Alert> open) {
        OpenAlerts counts = new OpenAlerts(count(open, Severity.HIGH), count(open, Severity.MEDIUM), count(open, Severity.LOW),
                open.size());
        Instant last = SessionRecord.<SessionRecord>find("programId = ?1 order by performedAt desc", p.programId)
                .firstResultOptional().map(s -> s.performedAt).orElse(null);
        return new Patient(p.patientId, new Programme(p.programId, p.templateCode, p.version, p.sessionsPerWeek, p.startDate,
                p.phase), assessments.adherenceOf(p), counts, last);
    }

    private static int count(List<Alert> alerts, Severity severity) {
        return (int) alerts.stream().filter(a -> a.severity == severity).count();
    }

    private static int highest(OpenAlerts alerts) {
        return alerts.high() > 0 ? 3 : alerts.medium() > 0 ? 2 : alerts.low() > 0 ? 1 : 0;
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int offset = Integer.parseInt(decoded.substring(2));
            if (!decoded.startsWith("o:") || offset < 0) {
                throw new IllegalArgumentException();
            }
            return offset;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ProblemException.badField("cursor", "is not a cursor this service gave out");
        }
    }
}
