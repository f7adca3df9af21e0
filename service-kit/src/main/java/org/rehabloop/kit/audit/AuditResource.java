package org.rehabloop.kit.audit;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.rehabloop.kit.security.Roles;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The audit trail of one patient's data over a time range, for admins (the clinic's privacy officer). */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Audit", description = "Who touched a patient's data on this service (admin)")
public class AuditResource {

    @Schema(name = "AuditEntry", description = "Who touched a patient's data, how, and with what outcome")
    public record Entry(Instant at, String subject, String role, String action, String resourceId, UUID patientId,
            AuditRecord.Outcome outcome, int status) {
    }

    @GET
    @Operation(operationId = "readAuditTrail", summary = "Read a patient's audit trail",
            description = "Every API call and consumed event of this service that touched the patient, newest first; `from` inclusive, `to` exclusive.")
    @APIResponse(responseCode = "200", description = "The entries")
    public List<Entry> list(@QueryParam("patientId") @NotNull UUID patientId, @QueryParam("from") Instant from,
            @QueryParam("to") Instant to, @QueryParam("limit") @DefaultValue("200") @Min(1) @Max(1000) int limit) {
        Instant start = from == null ? Instant.EPOCH : from;
        Instant end = to == null ? Instant.now().plusSeconds(1) : to;
        return AuditRecord.<AuditRecord>find("patientId = ?1 and at >= ?2 and at < ?3 order by at desc, id desc",
                        patientId, start, end).page(0, limit).list().stream()
                .map(r -> new Entry(r.at, r.subject, r.role, r.action, r.resourceId, r.patientId, r.outcome, r.status))
                .toList();
    }
}
