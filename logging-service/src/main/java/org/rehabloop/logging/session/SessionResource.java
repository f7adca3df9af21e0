package org.rehabloop.logging.session;

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
import org.jboss.resteasy.reactive.RestResponse;
import org.rehabloop.logging.idempotency.OnceOnly;
import org.rehabloop.kit.audit.AuditLog;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.logging.program.PatientAccess;
import org.rehabloop.kit.security.Roles;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/v1/patients/{patientId}/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions", description = "The patient's workouts: logged by their phone (retries are safe), read by the patient and their clinician")
public class SessionResource {
    @Inject
    SessionService sessions;

    @Inject
    PatientAccess access;

    @Inject
    AuditLog audit;

    /**
     * 201 the first time, 200 with the stored session for a retry of the same body, 409 for another body. A typed
     * response, so the body's writer is chosen once, not looked up for every answer (as an untyped Response's is).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PATIENT)
    @Operation(operationId = "logSession", summary = "Log a workout session",
            description = "Stores the session the first time (201); the same body again with the same `id` answers 200 with the stored session, "
                    + "another body with that `id` 409. A programme (or version) logging-service has not learnt yet from plan.events is a 422: retry shortly.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LogSessionRequest.class),
            examples = @ExampleObject(name = "painfulClamshells", summary = "A session with pain 7/10 during clamshells",
                    value = """
                            {"id": "6c1f2b7e-3d1a-4a57-9d0e-1b2c3d4e5f60", "programId": "9b2e4c1a-7f3d-4e8b-a6c5-0d1e2f3a4b5c",
                             "programVersion": 1, "performedAt": "2026-03-03T18:00:00Z", "durationMinutes": 30, "sessionRpe": 6,
                             "painBefore": 2, "exercises": [{"exerciseCode": "clamshell", "form": "CLEAN", "painDuring": 7,
                             "sets": [{"count": 15}, {"count": 15}]}]}""")))
    @APIResponse(responseCode = "201", description = "Stored",
            headers = @Header(name = "Location", description = "The session's URL", schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "200", description = "Stored before with the same body (a retry): the stored session",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "409", description = "A session with this `id` was already logged with a different body")
    @APIResponse(responseCode = "422", description = "`programId` is not a programme of this patient (or not known here yet), or `programVersion` is not one of its versions")
    public RestResponse<SessionView> log(@PathParam("patientId") UUID patientId, @NotNull @Valid LogSessionRequest request) {
        access.requireSelf(patientId);
        OnceOnly.Stored<SessionLog> logged = sessions.log(patientId, request, audit.thisCall(201));
        SessionView view = SessionView.of(logged.record());
        return logged.created()
                ? RestResponse.ResponseBuilder.<SessionView>created(URI.create("/v1/patients/" + patientId + "/sessions/"
                        + view.id())).entity(view).build()
                : RestResponse.ok(view);
    }

    @Schema(name = "SessionPage", description = "A page of sessions, newest first; pass `nextCursor` as `cursor` for the next page")
    public record Page(List<SessionView> items, String nextCursor) {
    }

    @GET
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(operationId = "listSessions", summary = "A patient's sessions",
            description = "Newest first, optionally between `from` (inclusive) and `to` (exclusive); pass `nextCursor` as `cursor` for the next page.")
    @APIResponse(responseCode = "200", description = "A page of sessions")
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
    @Operation(operationId = "getSession", summary = "Read a session")
    @APIResponse(responseCode = "200", description = "The session")
    public SessionView one(@PathParam("patientId") UUID patientId, @PathParam("id") UUID id) {
        access.requireVisible(patientId);
        SessionLog session = SessionLog.findById(id);
        if (session == null || !session.patientId.equals(patientId)) {
            throw ProblemException.notFound("Session");
        }
        return SessionView.of(session);
    }
}
