package org.rehabloop.logging.checkin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.rehabloop.logging.program.PatientAccess;
import org.rehabloop.kit.security.Roles;

import java.util.UUID;

@Path("/v1/patients/{patientId}/pain-checkins")
@Produces(MediaType.APPLICATION_JSON)
public class PainCheckInResource {
    @Inject
    PainCheckInService checkIns;

    @Inject
    PatientAccess access;

    /** 201 the first time, 200 with the stored check-in for a retry of the same body, 409 for another body. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PATIENT)
    public Response log(@PathParam("patientId") UUID patientId, @NotNull @Valid PainCheckInRequest request) {
        access.requireSelf(patientId);
        PainCheckInService.Logged logged = checkIns.log(patientId, request);
        return Response.status(logged.created() ? 201 : 200).entity(PainCheckInView.of(logged.checkIn())).build();
    }
}
