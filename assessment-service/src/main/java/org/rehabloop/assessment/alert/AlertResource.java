package org.rehabloop.assessment.alert;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.quarkus.panache.common.Parameters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.rehabloop.kit.audit.AuditContext;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.kit.security.CurrentUser;
import org.rehabloop.kit.security.Roles;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.AlertChanged;
import org.rehabloop.contracts.AlertStatus;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Alerts for clinicians (their own patients') and admins, newest first. */
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
@Tag(name = "Alerts", description = "What the rules found in the patients' logs, for their clinicians (and admins): list, follow live, acknowledge, resolve")
public class AlertResource {
    @Inject
    CurrentUser user;

    @Inject
    AlertFeed feed;

    @Inject
    AuditContext audit;

    @Inject
    Clock clock;

    @Schema(name = "AlertPage", description = "A page of alerts, newest first; pass `nextCursor` as `cursor` for the next page")
    public record Page(List<AlertChanged> items, String nextCursor) {
    }

    @Schema(name = "AlertStatusChange", description = "An optional note on the change")
    public record StatusChange(@Size(max = 2000) String note) {
    }

    @GET
    @Operation(operationId = "listAlerts", summary = "List alerts",
            description = "The alerts of the caller's patients (an admin: all), newest first; pass `nextCursor` as `cursor` for the next page.")
    @APIResponse(responseCode = "200", description = "A page of alerts")
    public Page list(@QueryParam("status") AlertStatus status, @QueryParam("patientId") UUID patientId,
            @QueryParam("category") AlertCategory category,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @QueryParam("cursor") String cursor) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (!user.isAdmin()) {
            query.append(" and clinicianId = :clinician");
            params.and("clinician", user.id());
        }
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status);
        }
        if (patientId != null) {
            query.append(" and patientId = :patient");
            params.and("patient", patientId);
        }
        if (category != null) {
            query.append(" and category = :category");
            params.and("category", category);
        }
        Object[] after = decode(cursor);
        if (after != null) {
            query.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            params.and("at", after[0]).and("id", after[1]);
        }
        query.append(" order by createdAt desc, id desc");
        List<Alert> page = Alert.<Alert>find(query.toString(), params).page(0, limit + 1).list();
        List<AlertChanged> items = page.stream().limit(limit).map(Alert::toEvent).toList();
        String next = page.size() > limit ? encode(page.get(limit - 1)) : null;
        return new Page(items, next);
    }

    /**
     * Server-Sent Events: each change of an alert the caller may see, as it happens; the event id is the change's
     * sequence number, so a reconnect with {@code Last-Event-ID} receives what it missed.
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "followAlerts", summary = "Follow alerts live (Server-Sent Events)",
            description = "Each change of an alert the caller may see, as it is committed: event `rehabloop.alert.raised.v1` or `rehabloop.alert.updated.v1`, "
                    + "`data` the whole alert (JSON, schema `Alert`), `id` a sequence number. Reconnect with `Last-Event-ID` to receive what was missed (up to 1,000 changes).")
    @APIResponse(responseCode = "200", description = "The event stream; it stays open",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING,
                    description = "`text/event-stream` events whose `data` is an `Alert`")))
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Long after = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                after = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                throw ProblemException.badField("Last-Event-ID", "is not an event id this stream sent");
            }
        }
        return feed.follow(after, AlertFeed.visibleTo(user.id(), user.isAdmin()))
                .map(change -> sse.newEventBuilder().id(String.valueOf(change.seq)).name(change.type)
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(AlertChanged.class, change.payload).build());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getAlert", summary = "Read an alert")
    @APIResponse(responseCode = "200", description = "The alert")
    public AlertChanged one(@PathParam("id") UUID id) {
        return visible(id).toEvent();
    }

    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(operationId = "acknowledgeAlert", summary = "Acknowledge an alert",
            description = "Acknowledging an acknowledged alert returns it unchanged.")
    @APIResponse(responseCode = "200", description = "The alert")
    @APIResponse(responseCode = "409", description = "The alert is already resolved")
    public AlertChanged acknowledge(@PathParam("id") UUID id,
            @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = false,
                    description = "Optional: a note for the record") @Valid StatusChange change) {
        Alert alert = visibleForChange(id);
        if (alert.status == AlertStatus.RESOLVED) {
            throw ProblemException.conflict("The alert is already resolved");
        }
        return change(alert, AlertStatus.ACKNOWLEDGED, change);
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(operationId = "resolveAlert", summary = "Resolve an alert",
            description = "Resolving a resolved alert returns it unchanged.")
    @APIResponse(responseCode = "200", description = "The alert")
    public AlertChanged resolve(@PathParam("id") UUID id,
            @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = false,
                    description = "Optional: a note for the record") @Valid StatusChange change) {
        return change(visibleForChange(id), AlertStatus.RESOLVED, change);
    }

    private AlertChanged change(Alert alert, AlertStatus status, StatusChange change) {
        if (alert.status == status) {
            return alert.toEvent();
        }
        alert.status = status;
        alert.statusNote = change == null ? null : change.note();
        alert.updatedAt = clock.instant();
        feed.changed(alert, false);
        return alert.toEvent();
    }

    private Alert visible(UUID id) {
        return visible(Alert.findById(id));
    }

    private Alert visibleForChange(UUID id) {
        return visible(Alert.forChange(id));
    }

    private Alert visible(Alert alert) {
        if (alert != null) {
            audit.touched(alert.patientId, alert.id);
        }
        if (alert == null || !(user.isAdmin() || alert.clinicianId.equals(user.id()))) {
            throw ProblemException.notFound("Alert");
        }
        return alert;
    }

    private static String encode(Alert alert) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((alert.createdAt + "|" + alert.id).getBytes(StandardCharsets.UTF_8));
    }

    private static Object[] decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new Object[] {Instant.parse(parts[0]), UUID.fromString(parts[1])};
        } catch (RuntimeException e) {
            throw ProblemException.badField("cursor", "is not a cursor this API gave out");
        }
    }
}
