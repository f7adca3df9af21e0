package org.rehabloop.assessment.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.kit.jdbc.Sql;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.rehabloop.kit.tx.PerTransaction;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns an event into one durable delivery per entitled, enabled subscription that asked for it, in the caller's
 * transaction (the consumer's, which also records the event id: a redelivered event makes no second message).
 */
@ApplicationScoped
public class WebhookMessages {
    public static final Set<String> EVENTS = Set.of("alert.raised", "alert.updated", "plan.issued", "plan.adjusted",
            "adjustment.proposed");
    public static final String PING = "webhook.ping";

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager entityManager;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    Sql sql;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /** The answers of {@link #wanted} in this transaction, by event name, in its registry. */
    private static final Object WANTED = WebhookMessages.class;

    /**
     * True when some enabled subscription asked for {@code event}: otherwise an event makes no message at all. Asked
     * once per event name and transaction (a consumer's transaction holds many events); no transaction here changes
     * subscriptions after asking.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean wanted(String event) {
        return PerTransaction.get(transaction, WANTED, HashMap<String, Boolean>::new).computeIfAbsent(event, name ->
                sql.single("SELECT EXISTS (SELECT 1 FROM webhook_subscription WHERE enabled AND events @> CAST(? AS jsonb))",
                        Boolean.class, "[\"" + name + "\"]"));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String event, UUID patientId, UUID clinicianId, Object data, Instant at) {
        if (!wanted(event)) {
            return; // most events interest no partner: one plain query instead of loading every subscription
        }
        List<WebhookSubscription> subscriptions = WebhookSubscription.list("enabled = true");
        for (WebhookSubscription subscription : subscriptions) {
            if (subscription.events.contains(event) && entitled(subscription, patientId, clinicianId)) {
                enqueue(subscription, event, patientId, data, at);
            }
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public WebhookDelivery enqueue(WebhookSubscription subscription, String event, UUID patientId, Object data, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event);
        body.put("timestamp", at.toString());
        body.put("data", data);
        WebhookDelivery delivery = new WebhookDelivery();
        delivery.id = UUID.randomUUID();
        delivery.messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        delivery.subscriptionId = subscription.id;
        delivery.eventType = event;
        try {
            delivery.body = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("webhook data is not serialisable", e);
        }
        delivery.patientId = patientId;
        delivery.status = WebhookDelivery.Status.PENDING;
        delivery.attempts = 0;
        delivery.nextAttemptAt = Instant.now();
        delivery.createdAt = Instant.now();
        delivery.persist();
        dispatcher.wakeAfterCommit();
        return delivery;
    }

    /** An admin's subscription sees every patient; a partner's only those it was granted, one by one or by clinician. */
    private boolean entitled(WebhookSubscription subscription, UUID patientId, UUID clinicianId) {
        if (subscription.ownerIsAdmin) {
            return true;
        }
        Number grants = (Number) entityManager.createNativeQuery("SELECT count(*) FROM partner_entitlement WHERE partner_id = :partner "
                        + "AND (patient_id = :patient OR clinician_id = :clinician)")
                .setParameter("partner", subscription.ownerId).setParameter("patient", patientId)
                .setParameter("clinician", clinicianId).getSingleResult();
        return grants.longValue() > 0;
    }
}
