package org.rehabloop.assessment.webhook;

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
    public List<SubscriptionView> list() {
        List<WebhookSubscription> all = user.isAdmin() ? WebhookSubscription.listAll()
                : WebhookSubscription.list("ownerId = ?1 order by createdAt", user.id());
        return all.stream().map(SubscriptionView::of).toList();
    }

    @GET
    @Path("/webhooks/{id}")
    public SubscriptionView one(@PathParam("id") UUID id) {
        return SubscriptionView.of(own(id));
    }

    @PATCH
    @Path("/webhooks/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
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
    public Response delete(@PathParam("id") UUID id) {
        own(id).delete();
        return Response.noContent().build();
    }

    /** A new secret, returned once; the old one keeps signing alongside it for the overlap (24 h). */
    @POST
    @Path("/webhooks/{id}/rotate-secret")
    @Transactional
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
    public Response ping(@PathParam("id") UUID id) {
        WebhookSubscription s = own(id);
        WebhookDelivery delivery = messages.enqueue(s, WebhookMessages.PING, null,
                Map.of("subscriptionId", s.id.toString()), Instant.now());
        return Response.accepted(Map.of("deliveryId", delivery.id, "messageId", delivery.messageId)).build();
    }

    @GET
    @Path("/webhooks/{id}/deliveries")
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

    public record EntitlementsView(UUID partnerId, List<UUID> clinicianIds, List<UUID> patientIds) {
    }

    /** Which patients a partner may hear about: all of some clinicians' patients, and single patients (admin). */
    @PUT
    @Path("/partners/{partnerId}/entitlements")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Transactional
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
