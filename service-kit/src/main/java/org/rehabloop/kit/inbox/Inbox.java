package org.rehabloop.kit.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The idempotent consumer's memory: an event id is recorded in the same transaction as the event's effect, so a
 * redelivered event finds its id and has no effect a second time.
 */
@ApplicationScoped
public class Inbox {
    @Inject
    EntityManager entityManager;

    /** True the first time this event id is seen; the caller's transaction must then apply the effect. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String eventId, String topic) {
        return entityManager.createNativeQuery(
                        "INSERT INTO processed_event (event_id, topic, processed_at) VALUES (:id, :topic, now()) ON CONFLICT DO NOTHING")
                .setParameter("id", eventId)
                .setParameter("topic", topic)
                .executeUpdate() == 1;
    }
}
