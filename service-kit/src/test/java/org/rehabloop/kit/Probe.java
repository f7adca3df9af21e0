package org.rehabloop.kit;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.rehabloop.kit.problem.ProblemException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A resource standing in for a service's, so the kit's mapper and audit filter meet real requests. */
@Path("/v1/probe")
public class Probe {
    public record Reading(@NotNull @Min(0) @Max(10) Integer pain, @NotNull Instant at, List<@Valid Part> parts,
            List<@NotBlank String> tags) {
    }

    public record Part(@NotNull String name) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    public Reading echo(@Valid @NotNull Reading reading) {
        return reading;
    }

    @GET
    @Path("/patients/{patientId}")
    @RolesAllowed("clinician")
    public String patient(@PathParam("patientId") UUID patientId) {
        throw ProblemException.notFound("Patient");
    }

    @GET
    @Path("/page")
    @PermitAll
    public int page(@QueryParam("limit") @Min(1) int size) {
        return size;
    }

    @GET
    @Path("/codes/{code}")
    @PermitAll
    public String code(@PathParam("code") String code) {
        return code;
    }

    @GET
    @Path("/broken")
    @PermitAll
    public String broken() {
        throw new IllegalStateException("SELECT secret FROM internals");
    }
}
