package org.rehabloop.plan.adjustment;

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
public class AdjustmentResource {
    @Inject
    AdjustmentService adjustments;

    @Inject
    ProgramAccess access;

    @POST
    @Path("/programs/{id}/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CLINICIAN)
    public Response adjust(@PathParam("id") UUID programId, @NotNull @Valid ManualAdjustmentRequest request) {
        Program program = access.visible(programId);
        AdjustmentRequest applied = adjustments.manual(program.id, request, access.caller());
        return Response.created(URI.create("/v1/programs/" + programId + "/versions"))
                .entity(ProposalView.of(applied)).build();
    }

    @GET
    @Path("/programs/{id}/proposals")
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
    public ProposalView approve(@PathParam("id") UUID proposalId) {
        return ProposalView.of(adjustments.approve(pending(proposalId).requestId, access.caller()));
    }

    @POST
    @Path("/proposals/{id}/reject")
    @RolesAllowed(Roles.CLINICIAN)
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
