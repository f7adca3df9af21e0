package org.rehabloop.kit.outbox;

import org.rehabloop.kit.jdbc.Sql;
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
    Sql sql;

    @Inject
    AfterCommit afterCommit;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String topic, UUID patientId, String type, Object payload) {
        try {
            return publishJson(topic, patientId, type, json.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload is not serialisable", e);
        }
    }

    /** As {@link #publish}, for a payload the caller has already written as JSON (to store it elsewhere too). */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publishJson(String topic, UUID patientId, String type, String value) {
        UUID eventId = UUID.randomUUID();
        // at once, in publication order (the relay sends a shard's rows by id)
        sql.update("INSERT INTO outbox_event (event_id, topic, message_key, shard, type, payload, occurred_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", eventId, topic, patientId.toString(),
                (short) Math.floorMod(patientId.hashCode(), config.shards()), type, value, Instant.now());
        afterCommit.run(() -> relay.wake());
        return eventId;
    }
}
