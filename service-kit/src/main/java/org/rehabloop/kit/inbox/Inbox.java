package org.rehabloop.kit.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.kit.jdbc.Sql;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rehabloop.kit.audit.AuditLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The idempotent consumer's memory: an event id is recorded in the same transaction as the event's effect, so a
 * redelivered event finds its id and has no effect a second time.
 */
@ApplicationScoped
public class Inbox {
    @Inject
    Sql sql;

    @Inject
    AuditLog audit;

    private static final String FIRST_DELIVERY = "INSERT INTO processed_event (event_id, topic, processed_at) "
            + "VALUES (?, ?, now()) ON CONFLICT DO NOTHING";

    /**
     * The event in {@code record} when this is its first delivery to {@code consumer} (recorded in the caller's
     * transaction, and in the audit trail under its subject, the patient, in the same statement); null when it was
     * processed before.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public IncomingEvent accept(ConsumerRecord<String, String> record, String consumer) {
        IncomingEvent event = IncomingEvent.of(record);
        boolean first = audit.eventOnFirstDelivery(FIRST_DELIVERY + " RETURNING 1", new Object[] {event.id(), consumer},
                event.type(), event.id(), event.patientId());
        return first ? event : null;
    }

    /**
     * {@link #accept} for several records at once, in one statement: each record's event when this is its first
     * delivery to {@code consumer}, else null (also for a repeat of an id earlier in {@code records}). Throws, taking
     * none, when a record is not an event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<IncomingEvent> acceptAll(List<ConsumerRecord<String, String>> records, String consumer) {
        List<IncomingEvent> events = new ArrayList<>(records.size());
        records.forEach(record -> events.add(IncomingEvent.of(record)));
        Set<String> first = audit.eventsOnFirstDelivery("INSERT INTO processed_event (event_id, topic, processed_at) "
                        + "SELECT event_id, ?, now() FROM arrived ORDER BY ord ON CONFLICT DO NOTHING RETURNING event_id",
                new Object[] {consumer}, events.stream().map(IncomingEvent::type).toList(),
                events.stream().map(IncomingEvent::id).toList(), events.stream().map(IncomingEvent::patientId).toList());
        // the first of two records with one id is the delivery that counts
        events.replaceAll(event -> first.remove(event.id()) ? event : null);
        return events;
    }

    /** True the first time this event id is seen; the caller's transaction must then apply the effect. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String eventId, String topic) {
        return sql.update(FIRST_DELIVERY, eventId, topic) == 1;
    }
}
