package org.rehabloop.logging.checkin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.rehabloop.kit.audit.AuditLog;
import org.rehabloop.logging.idempotency.OnceOnly;
import org.rehabloop.logging.program.PatientAccess;
import org.rehabloop.kit.security.Roles;

import java.util.UUID;

@Path("/v1/patients/{patientId}/pain-checkins")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Pain check-ins", description = "The patient's pain ratings outside sessions: the next morning, or daily")
public class PainCheckInResource {
    @Inject
    PainCheckInService checkIns;

    @Inject
    PatientAccess access;

    @Inject
    AuditLog audit;

    /** 201 the first time, 200 with the stored check-in for a retry of the same body, 409 for another body. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PATIENT)
    @Operation(operationId = "reportPain", summary = "Report a pain rating",
            description = "Stores the check-in the first time (201); the same body again with the same `id` answers 200, another body with that `id` 409.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PainCheckInRequest.class),
            examples = @ExampleObject(name = "nextMorning", summary = "Pain 5/10 the morning after a session",
                    value = """
                            {"id": "0b7d4a8e-1c2f-4e3a-9b5d-6f7e8a9b0c1d", "at": "2026-03-04T07:30:00Z", "pain": 5, "kind": "NEXT_MORNING"}""")))
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PainCheckInView.class)))
    @APIResponse(responseCode = "200", description = "Stored before with the same body (a retry): the stored check-in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PainCheckInView.class)))
    @APIResponse(responseCode = "409", description = "A check-in with this `id` was already reported with a different body")
    public RestResponse<PainCheckInView> log(@PathParam("patientId") UUID patientId, @NotNull @Valid PainCheckInRequest request) {
        access.requireSelf(patientId);
        OnceOnly.Stored<PainCheckIn> logged = checkIns.log(patientId, request, audit.thisCall(201));
        return RestResponse.ResponseBuilder.create(logged.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                PainCheckInView.of(logged.record())).build();
    }

    /** What a clinician's dashboard charts next to the sessions' pain: the check-ins, newest first. */
    @GET
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(operationId = "listPainCheckIns", summary = "List a patient's pain check-ins",
            description = "Newest first: those at or after `from` and before `to` (both optional), at most `limit`.")
    @APIResponse(responseCode = "200", description = "The check-ins", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = PainCheckInView.class)))
    public List<PainCheckInView> list(@PathParam("patientId") UUID patientId, @QueryParam("from") Instant from,
            @QueryParam("to") Instant to, @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        access.requireVisible(patientId);
        return PainCheckIn.<PainCheckIn>find("patientId = ?1 and at >= ?2 and at < ?3 order by at desc, id desc", patientId,
                        from == null ? Instant.EPOCH : from, to == null ? FAR_FUTURE : to)
                .page(0, limit).list().stream().map(PainCheckInView::of).toList();
    }

    /** PostgreSQL's timestamptz ends long before {@link Instant#MAX}. */
    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");
}
