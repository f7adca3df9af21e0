package org.rehabloop.plan.adjustment;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.plan.program.Program;
import org.rehabloop.plan.program.ProgramAccess;
import org.rehabloop.kit.security.Roles;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The clinician's own adjustments, and the proposals that wait for their decision. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
@Tag(name = "Adjustments", description = "The clinician's own changes to a programme, and the rules' proposals that wait for the clinician")
public class AdjustmentResource {
    @Inject
    AdjustmentService adjustments;

    @Inject
    ProgramAccess access;

    @POST
    @Path("/programs/{id}/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(operationId = "adjustProgramme", summary = "Adjust a programme",
            description = "Applies the clinician's adjustment at once as a new version of the programme.")
    @APIResponse(responseCode = "201", description = "The applied adjustment; the new version is listed at the `Location`",
            headers = @Header(name = "Location", description = "The programme's versions", schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProposalView.class)))
    @APIResponse(responseCode = "422", description = "The adjustment cannot be applied to this programme")
    public Response adjust(@PathParam("id") UUID programId, @NotNull @Valid ManualAdjustmentRequest request) {
        Program program = access.visible(programId);
        AdjustmentRequest applied = adjustments.manual(program.id, request, access.caller());
        return Response.created(URI.create("/v1/programs/" + programId + "/versions"))
                .entity(ProposalView.of(applied)).build();
    }

    @GET
    @Path("/programs/{id}/proposals")
    @Operation(operationId = "listProposals", summary = "A programme's adjustments and proposals",
            description = "Newest first; `status=PENDING` lists the proposals waiting for the clinician.")
    @APIResponse(responseCode = "200", description = "The proposals")
    public List<ProposalView> proposals(@PathParam("id") UUID programId, @QueryParam("status") AdjustmentRequest.Status status) {
        Program program = access.visible(programId);
        return AdjustmentRequest.<AdjustmentRequest>list(status == null ? "programId = ?1 order by createdAt desc"
                        : "programId = ?1 and status = ?2 order by createdAt desc",
                        status == null ? new Object[] {program.id} : new Object[] {program.id, status})
                .stream().map(ProposalView::of).toList();
    }

    @POST
    @Path("/proposals/{id}/approve")
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(operationId = "approveProposal", summary = "Approve a proposal",
            description = "Applies it as a new version of the programme; a proposal whose exercise changed since is rejected as stale (status REJECTED).")
    @APIResponse(responseCode = "200", description = "The decided proposal")
    @APIResponse(responseCode = "409", description = "The proposal was already decided")
    public ProposalView approve(@PathParam("id") UUID proposalId) {
        return ProposalView.of(adjustments.approve(pending(proposalId).requestId, access.caller()));
    }

    @POST
    @Path("/proposals/{id}/reject")
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(operationId = "declineProposal", summary = "Decline a proposal", description = "The programme stays as it is.")
    @APIResponse(responseCode = "200", description = "The decided proposal")
    @APIResponse(responseCode = "409", description = "The proposal was already decided")
    public ProposalView reject(@PathParam("id") UUID proposalId) {
        return ProposalView.of(adjustments.decline(pending(proposalId).requestId, access.caller()));
    }

    private AdjustmentRequest pending(UUID proposalId) {
        AdjustmentRequest proposal = AdjustmentRequest.findById(proposalId);
        if (proposal == null) {
            throw ProblemException.notFound("Proposal");
        }
        access.visible(proposal.programId);
        if (proposal.status != AdjustmentRequest.Status.PENDING) {
            throw ProblemException.conflict("The proposal was already decided: " + proposal.status);
        }
        return proposal;
    }
}
