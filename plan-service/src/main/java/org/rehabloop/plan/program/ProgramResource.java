package org.rehabloop.plan.program;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.time.LocalDate;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.rehabloop.kit.audit.AuditContext;
import org.rehabloop.kit.security.CurrentUser;
import org.rehabloop.kit.security.Roles;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Programmes", description = "A patient's programme: issued by a clinician from a template, read by the patient and the clinician, with every version")
public class ProgramResource {
    @Inject
    ProgramService programs;

    @Inject
    CurrentUser user;

    @Inject
    ProgramAccess access;

    @Inject
    AuditContext audit;

    @POST
    @Path("/programs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(operationId = "issueProgramme", summary = "Issue a programme to a patient",
            description = "Issues version 1 of a programme from a template, starting on `startDate`. A patient has at most one active programme.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = IssueProgramRequest.class),
            examples = @ExampleObject(name = "hipStrength", summary = "The hip-strength programme, three sessions a week",
                    value = """
                            {"patientId": "00000000-0000-4000-8000-00000000a001", "templateCode": "hip-strength-knee-pain",
                             "startDate": "2026-03-02", "sessionsPerWeek": 3, "autoAdjust": "SAFE"}""")))
    @APIResponse(responseCode = "201", description = "The programme, version 1",
            headers = @Header(name = "Location", description = "The programme's URL", schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProgramView.class)))
    @APIResponse(responseCode = "409", description = "The patient already has an active programme")
    public Response issue(@NotNull @Valid IssueProgramRequest request) {
        audit.touched(request.patientId(), null);
        Program program = programs.issue(user.id(), request);
        audit.touched(program.patientId, program.id);
        return Response.created(URI.create("/v1/programs/" + program.id)).entity(ProgramView.of(program)).build();
    }

    @GET
    @Path("/programs/{id}")
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(operationId = "getProgramme", summary = "Read a programme", description = "The programme as it stands (its latest version).")
    @APIResponse(responseCode = "200", description = "The programme")
    public ProgramView program(@PathParam("id") UUID id) {
        return ProgramView.of(visible(Program.findById(id)));
    }

    @GET
    @Path("/patients/{patientId}/program")
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(operationId = "getActiveProgramme", summary = "Read a patient's active programme")
    @APIResponse(responseCode = "200", description = "The active programme")
    public ProgramView active(@PathParam("patientId") UUID patientId) {
        audit.touched(patientId, null);
        return ProgramView.of(visible(Program.activeOf(patientId).orElse(null)));
    }

    @GET
    @Path("/patients/{patientId}/programs")
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(operationId = "listPatientProgrammes", summary = "List a patient's programmes, past ones included",
            description = "Newest first. A clinician sees the programmes they issued; the patient and an admin see all.")
    @APIResponse(responseCode = "200", description = "The programmes", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = ProgramView.class)))
    public List<ProgramView> programmes(@PathParam("patientId") UUID patientId) {
        return access.visibleOf(patientId).stream().map(ProgramView::of).toList();
    }

    @GET
    @Path("/patients/{patientId}/program/today")
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(operationId = "getTodaysSession", summary = "The session to do on a day",
            description = "The blocks and exercises of the active programme to do on `date` (default today), in order.")
    @APIResponse(responseCode = "200", description = "The session of that day")
    public TodayView today(@PathParam("patientId") UUID patientId, @QueryParam("date") LocalDate date) {
        return programs.today(visible(Program.activeOf(patientId).orElse(null)), date);
    }

    @Schema(name = "ProgrammeVersion", description = "A version of a programme: what changed, why and by whom")
    public record VersionView(int version, java.time.Instant createdAt, String changedBy, String reason,
            String ruleCode, UUID alertId, UUID requestId, org.rehabloop.contracts.AdjustmentType adjustmentType,
            List<String> summary, List<ProgramVersion.Change> changes,
            List<org.rehabloop.contracts.Prescription> prescriptions) {
    }

    @GET
    @Path("/programs/{id}/versions")
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(operationId = "listProgrammeVersions", summary = "Every version of a programme",
            description = "Oldest first, each with what changed, why, and by whom (a clinician or an assessment rule).")
    @APIResponse(responseCode = "200", description = "The versions")
    public List<VersionView> versions(@PathParam("id") UUID id) {
        Program program = visible(Program.findById(id));
        return ProgramVersion.of(program.id).stream()
                .map(v -> new VersionView(v.version, v.createdAt, v.changedBy, v.reason, v.ruleCode, v.alertId,
                        v.requestId, v.adjustmentType, v.changes.stream().map(ProgramVersion.Change::summary).toList(),
                        v.changes, v.prescriptions))
                .toList();
    }

    private Program visible(Program program) {
        return access.visible(program);
    }
}
