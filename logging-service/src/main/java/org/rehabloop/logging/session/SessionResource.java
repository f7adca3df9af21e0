package org.rehabloop.logging.session;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.logging.program.PatientAccess;
import org.rehabloop.kit.security.Roles;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/v1/patients/{patientId}/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    @Inject
    SessionService sessions;

    @Inject
    PatientAccess access;

    /** 201 the first time, 200 with the stored session for a retry of the same body, 409 for another body. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PATIENT)
    public Response log(@PathParam("patientId") UUID patientId, @NotNull @Valid LogSessionRequest request) {
        access.requireSelf(patientId);
        SessionService.Logged logged = sessions.log(patientId, request);
        SessionView view = SessionView.of(logged.session());
        return logged.created()
                ? Response.created(URI.create("/v1/patients/" + patientId + "/sessions/" + view.id())).entity(view).build()
                : Response.ok(view).build();
    }

    public record Page(List<SessionView> items, String nextCursor) {
    }

    @GET
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    public Page history(@PathParam("patientId") UUID patientId, @QueryParam("from") Instant from,
            @QueryParam("to") Instant to, @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @QueryParam("cursor") String cursor) {
        access.requireVisible(patientId);
        List<SessionLog> page = sessions.history(patientId, from, to, limit + 1, SessionCursor.decode(cursor));
        List<SessionView> items = page.stream().limit(limit).map(SessionView::of).toList();
        String next = page.size() > limit
                ? new SessionCursor(items.get(limit - 1).performedAt(), items.get(limit - 1).id()).encode() : null;
        return new Page(items, next);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    public SessionView one(@PathParam("patientId") UUID patientId, @PathParam("id") UUID id) {
        access.requireVisible(patientId);
        SessionLog session = SessionLog.findById(id);
        if (session == null || !session.patientId.equals(patientId)) {
            throw ProblemException.notFound("Session");
        }
        return SessionView.of(session);
    }
}
