package org.rehabloop.kit.outbox;

import org.rehabloop.kit.tx.AfterCommit;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/** Records an event in the caller's transaction; the relay publishes it once that transaction has committed. */
@ApplicationScoped
public class Outbox {
    @Inject
    ObjectMapper json;

    @Inject
    AfterCommit afterCommit;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String topic, UUID patientId, String type, Object payload) {
        OutboxEvent event = new OutboxEvent();
        event.eventId = UUID.randomUUID();
        event.topic = topic;
        event.messageKey = patientId.toString();
        event.shard = (short) Math.floorMod(patientId.hashCode(), config.shards());
        event.type = type;
        event.occurredAt = Instant.now();
        try {
            event.payload = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload is not serialisable", e);
        }
        event.persist();
        afterCommit.run(() -> relay.wake());
        return event.eventId;
    }
}
