package org.rehabloop.assessment.webhook;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.rehabloop.kit.problem.Problem;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.kit.security.CurrentUser;
import org.rehabloop.kit.security.Roles;
import org.rehabloop.assessment.webhook.WebhookRequests.AttemptView;
import org.rehabloop.assessment.webhook.WebhookRequests.DeliveryView;
import org.rehabloop.assessment.webhook.WebhookRequests.SubscriptionView;
import org.rehabloop.assessment.webhook.WebhookRequests.WithSecret;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Partners manage their own subscriptions; admins all of them, and which patients each partner may hear about. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PARTNER, Roles.ADMIN})
@Tag(name = "Webhooks", description = "Partners' subscriptions to signed callbacks (Standard Webhooks v1), and which patients each partner hears about")
public class WebhookResource {
    @Inject
    CurrentUser user;

    @Inject
    WebhookMessages messages;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    WebhookConfig config;

    @POST
    @Path("/webhooks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(operationId = "createWebhook", summary = "Subscribe to events",
            description = "`url` must be https and not an internal address. The answer carries the signing secret: it is shown only here.")
    @APIResponse(responseCode = "201", description = "The subscription and its signing secret",
            headers = @Header(name = "Location", description = "The subscription's URL", schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WithSecret.class)))
    public Response create(@NotNull @Valid WebhookRequests.Create request) {
        checkUrl(request.url());
        checkEvents(request.events());
        Instant now = Instant.now();
        WebhookSubscription s = new WebhookSubscription();
        s.id = UUID.randomUUID();
        s.ownerId = user.id();
        s.ownerIsAdmin = user.isAdmin();
        s.url = request.url();
        s.events = List.copyOf(request.events());
        s.description = request.description();
        s.enabled = true;
        s.secret = Signer.newSecret();
        s.createdAt = now;
        s.updatedAt = now;
        s.persist();
        return Response.created(URI.create("/v1/webhooks/" + s.id))
                .entity(new WithSecret(SubscriptionView.of(s), s.secret, null)).build();
    }

    @GET
    @Path("/webhooks")
    @Operation(operationId = "listWebhooks", summary = "List subscriptions", description = "The caller's own (an admin: all).")
    @APIResponse(responseCode = "200", description = "The subscriptions")
    public List<SubscriptionView> list() {
        List<WebhookSubscription> all = user.isAdmin() ? WebhookSubscription.listAll()
                : WebhookSubscription.list("ownerId = ?1 order by createdAt", user.id());
        return all.stream().map(SubscriptionView::of).toList();
    }

    @GET
    @Path("/webhooks/{id}")
    @Operation(operationId = "getWebhook", summary = "Read a subscription")
    @APIResponse(responseCode = "200", description = "The subscription")
    public SubscriptionView one(@PathParam("id") UUID id) {
        return SubscriptionView.of(own(id));
    }

    @PATCH
    @Path("/webhooks/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(operationId = "updateWebhook", summary = "Change a subscription",
            description = "Changes the fields given; `enabled: true` re-enables a disabled subscription.")
    @APIResponse(responseCode = "200", description = "The subscription")
    public SubscriptionView change(@PathParam("id") UUID id, @NotNull @Valid WebhookRequests.Change change) {
        WebhookSubscription s = own(id);
        if (change.url() != null) {
            checkUrl(change.url());
            s.url = change.url();
        }
        if (change.events() != null) {
            checkEvents(change.events());
            s.events = List.copyOf(change.events());
        }
        if (change.description() != null) {
            s.description = change.description();
        }
        if (change.enabled() != null) {
            s.enabled = change.enabled();
            if (s.enabled) {
                s.disabledReason = null;
                s.failingSince = null;
            }
        }
        s.updatedAt = Instant.now();
        return SubscriptionView.of(s);
    }

    @DELETE
    @Path("/webhooks/{id}")
    @Transactional
    @Operation(operationId = "deleteWebhook", summary = "Remove a subscription")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response delete(@PathParam("id") UUID id) {
        own(id).delete();
        return Response.noContent().build();
    }

    /** A new secret, returned once; the old one keeps signing alongside it for the overlap (24 h). */
    @POST
    @Path("/webhooks/{id}/rotate-secret")
    @Transactional
    @Operation(operationId = "rotateWebhookSecret", summary = "Rotate the signing secret",
            description = "A new secret, shown once; the old one keeps signing alongside it for 24 hours (`previousSecretExpiresAt`).")
    @APIResponse(responseCode = "200", description = "The subscription and its new secret")
    public WithSecret rotate(@PathParam("id") UUID id) {
        WebhookSubscription s = own(id);
        Instant now = Instant.now();
        s.previousSecret = s.secret;
        s.previousSecretExpiresAt = now.plus(config.secretOverlap());
        s.secret = Signer.newSecret();
        s.updatedAt = now;
        return new WithSecret(SubscriptionView.of(s), s.secret, s.previousSecretExpiresAt);
    }

    @POST
    @Path("/webhooks/{id}/ping")
    @Transactional
    @Operation(operationId = "pingWebhook", summary = "Send a test message", description = "Queues a `webhook.ping` message now.")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookRequests.Queued.class)))
    public Response ping(@PathParam("id") UUID id) {
        WebhookSubscription s = own(id);
        WebhookDelivery delivery = messages.enqueue(s, WebhookMessages.PING, null,
                Map.of("subscriptionId", s.id.toString()), Instant.now());
        return Response.accepted(Map.of("deliveryId", delivery.id, "messageId", delivery.messageId)).build();
    }

    @GET
    @Path("/webhooks/{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "A subscription's messages",
            description = "Newest first, each with its status and every attempt.")
    @APIResponse(responseCode = "200", description = "The deliveries")
    public List<DeliveryView> deliveries(@PathParam("id") UUID id) {
        WebhookSubscription s = own(id);
        List<DeliveryView> views = new ArrayList<>();
        for (WebhookDelivery d : WebhookDelivery.<WebhookDelivery>list("subscriptionId = ?1 order by createdAt desc", s.id)) {
            List<AttemptView> attempts = WebhookAttempt.<WebhookAttempt>list("deliveryId = ?1 order by at", d.id).stream()
                    .map(a -> new AttemptView(a.at, a.statusCode, a.latencyMs, a.error, a.nextAttemptAt)).toList();
            views.add(new DeliveryView(d.id, d.messageId, d.eventType, d.status, d.attempts, d.nextAttemptAt,
                    d.deliveredAt, d.createdAt, attempts));
        }
        return views;
    }

    /** Sends the message again, under its original webhook-id. */
    @POST
    @Path("/webhooks/{id}/deliveries/{deliveryId}/replay")
    @Transactional
    @Operation(operationId = "replayWebhookDelivery", summary = "Send a message again", description = "Under its original `webhook-id`.")
    @APIResponse(responseCode = "202", description = "Queued again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookRequests.Queued.class)))
    public Response replay(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        WebhookSubscription s = own(id);
        WebhookDelivery d = WebhookDelivery.findById(deliveryId);
        if (d == null || !d.subscriptionId.equals(s.id)) {
            throw ProblemException.notFound("Delivery");
        }
        d.status = WebhookDelivery.Status.PENDING;
        d.attempts = 0;
        d.nextAttemptAt = Instant.now();
        d.leaseUntil = null;
        dispatcher.wakeAfterCommit();
        return Response.accepted(Map.of("deliveryId", d.id, "messageId", d.messageId)).build();
    }

    @Schema(name = "PartnerEntitlements", description = "The clinicians and patients a partner hears about")
    public record EntitlementsView(UUID partnerId, List<UUID> clinicianIds, List<UUID> patientIds) {
    }

    /** Which patients a partner may hear about: all of some clinicians' patients, and single patients (admin). */
    @PUT
    @Path("/partners/{partnerId}/entitlements")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    @Operation(operationId = "putPartnerEntitlements", summary = "Set which patients a partner hears about",
            description = "Replaces the partner's grants: all patients of the given clinicians, and the given patients.")
    @APIResponse(responseCode = "200", description = "The partner's grants")
    public EntitlementsView grant(@PathParam("partnerId") UUID partnerId, @NotNull @Valid WebhookRequests.Entitlements grants) {
        var em = WebhookSubscription.getEntityManager();
        em.createNativeQuery("DELETE FROM partner_entitlement WHERE partner_id = :p").setParameter("p", partnerId).executeUpdate();
        for (UUID clinician : grants.clinicianIds().stream().distinct().toList()) {
            em.createNativeQuery("INSERT INTO partner_entitlement (partner_id, clinician_id, granted_at) VALUES (:p, :c, now())")
                    .setParameter("p", partnerId).setParameter("c", clinician).executeUpdate();
        }
        for (UUID patient : grants.patientIds().stream().distinct().toList()) {
            em.createNativeQuery("INSERT INTO partner_entitlement (partner_id, patient_id, granted_at) VALUES (:p, :c, now())")
                    .setParameter("p", partnerId).setParameter("c", patient).executeUpdate();
        }
        return entitlements(partnerId);
    }

    @GET
    @Path("/partners/{partnerId}/entitlements")
    @RolesAllowed(Roles.ADMIN)
    @SuppressWarnings("unchecked")
    @Operation(operationId = "getPartnerEntitlements", summary = "Which patients a partner hears about")
    @APIResponse(responseCode = "200", description = "The partner's grants")
    public EntitlementsView entitlements(@PathParam("partnerId") UUID partnerId) {
        var em = WebhookSubscription.getEntityManager();
        List<UUID> clinicians = em.createNativeQuery("SELECT clinician_id FROM partner_entitlement WHERE partner_id = :p "
                + "AND clinician_id IS NOT NULL ORDER BY clinician_id").setParameter("p", partnerId).getResultList();
        List<UUID> patients = em.createNativeQuery("SELECT patient_id FROM partner_entitlement WHERE partner_id = :p "
                + "AND patient_id IS NOT NULL ORDER BY patient_id").setParameter("p", partnerId).getResultList();
        return new EntitlementsView(partnerId, clinicians, patients);
    }

    /** A partner's own subscription, or any for an admin; anyone else's answers 404. */
    private WebhookSubscription own(UUID id) {
        WebhookSubscription s = WebhookSubscription.findById(id);
        if (s == null || !(user.isAdmin() || s.ownerId.equals(user.id()))) {
            throw ProblemException.notFound("Webhook subscription");
        }
        return s;
    }

    private void checkUrl(String url) {
        String refusal = dispatcher.guard().refusal(url);
        if (refusal != null) {
            throw ProblemException.badField("url", refusal);
        }
    }

    private static void checkEvents(List<String> events) {
        List<Problem.Violation> violations = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (!WebhookMessages.EVENTS.contains(events.get(i))) {
                violations.add(new Problem.Violation("events[" + i + "]", "must be one of " + WebhookMessages.EVENTS));
            }
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "The request has invalid fields", violations);
        }
    }
}
