package org.rehabloop.kit.audit;

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
public class AuditResource {

    public record Entry(Instant at, String subject, String role, String action, String resourceId, UUID patientId,
            AuditRecord.Outcome outcome, int status) {
    }

    @GET
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
