package org.rehabloop.plan.program;

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
    public Response issue(@NotNull @Valid IssueProgramRequest request) {
        audit.touched(request.patientId(), null);
        Program program = programs.issue(user.id(), request);
        audit.touched(program.patientId, program.id);
        return Response.created(URI.create("/v1/programs/" + program.id)).entity(ProgramView.of(program)).build();
    }

    @GET
    @Path("/programs/{id}")
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    public ProgramView program(@PathParam("id") UUID id) {
        return ProgramView.of(visible(Program.findById(id)));
    }

    @GET
    @Path("/patients/{patientId}/program")
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    public ProgramView active(@PathParam("patientId") UUID patientId) {
        audit.touched(patientId, null);
        return ProgramView.of(visible(Program.activeOf(patientId).orElse(null)));
    }

    @GET
    @Path("/patients/{patientId}/program/today")
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    public TodayView today(@PathParam("patientId") UUID patientId, @QueryParam("date") LocalDate date) {
        return programs.today(visible(Program.activeOf(patientId).orElse(null)), date);
    }

    public record VersionView(int version, java.time.Instant createdAt, String changedBy, String reason,
            String ruleCode, UUID alertId, UUID requestId, org.rehabloop.contracts.AdjustmentType adjustmentType,
            List<String> summary, List<ProgramVersion.Change> changes,
            List<org.rehabloop.contracts.Prescription> prescriptions) {
    }

    @GET
    @Path("/programs/{id}/versions")
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
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
