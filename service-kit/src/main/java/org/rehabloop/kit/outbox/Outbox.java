package org.rehabloop.kit.outbox;

import org.rehabloop.kit.jdbc.Sql;
import org.rehabloop.kit.tx.AfterCommit;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Records an event in the caller's transaction; the relay publishes it once that transaction has committed. */
@ApplicationScoped
public class Outbox {
    private static final String INSERT =
            "INSERT INTO outbox_event (event_id, topic, message_key, shard, type, payload, occurred_at) ";
    /** One row, cast to each column's type (a parameter of an INSERT ... SELECT is otherwise text). */
    private static final String ROW = "CAST(? AS uuid), CAST(? AS varchar), CAST(? AS varchar), CAST(? AS smallint), "
            + "CAST(? AS varchar), CAST(? AS text), CAST(? AS timestamptz)";

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
        return publishJson(topic, patientId, type, json(payload));
    }

    /** As {@link #publish}, for a payload the caller has already written as JSON (to store it elsewhere too). */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publishJson(String topic, UUID patientId, String type, String value) {
        UUID eventId = UUID.randomUUID();
        // at once, in publication order (the relay sends a shard's rows by id)
        sql.update(INSERT + "VALUES (" + ROW + ")", row(eventId, topic, patientId, type, value));
        afterCommit.run(() -> relay.wake());
        return eventId;
    }

    /**
     * As {@link #publish}, in one statement with {@code change}: an INSERT ... RETURNING that answers a row when it
     * stored something (say {@code ON CONFLICT DO NOTHING RETURNING 1}). The event is recorded exactly when the change
     * is, and the caller pays one round trip for both. Whether {@code change} stored its row.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean publishWith(String change, Object[] changeParameters, String topic, UUID patientId, String type,
            Object payload) {
        boolean stored = sql.insertWith(change, changeParameters, INSERT, ROW,
                row(UUID.randomUUID(), topic, patientId, type, json(payload))) == 1;
        if (stored) {
            afterCommit.run(() -> relay.wake());
        }
        return stored;
    }

    /** An event for {@link #publishAllJsonWith}: its topic, the patient it concerns (the record's key), type and JSON. */
    public record Json(String topic, UUID patientId, String type, String payload) {
    }

    /**
     * Records {@code events}, in this order, in one statement with {@code change}: {@code WITH changed AS (change)
     * INSERT INTO outbox_event ...}. One round trip however many there are, for a transaction that changes several
     * things with an event each (an assessment's alerts), where a statement per event cost more than the rows it wrote.
     * {@code change} must store a row for each event and skip none (no {@code ON CONFLICT DO NOTHING}): its rows and
     * the events are written together, or the statement fails and neither is. {@code changeBinder} binds its
     * placeholders, 1 to {@code changeParameters}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAllJsonWith(String change, int changeParameters, Sql.Binder changeBinder, List<Json> events) {
        if (events.isEmpty()) {
            return;
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        Integer[] shards = new Integer[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Json event = events.get(i);
            ids[i] = UUID.randomUUID();
            topics[i] = event.topic();
            keys[i] = event.patientId().toString();
            shards[i] = shard(event.patientId());
            types[i] = event.type();
            payloads[i] = event.payload();
        }
        // in the given order, which the relay keeps (it sends a shard's rows by id)
        sql.update("WITH changed AS (" + change + ") " + INSERT + "SELECT event_id, topic, message_key, "
                + "CAST(shard AS smallint), type, payload, CAST(? AS timestamptz) FROM unnest(CAST(? AS uuid[]), "
                + "CAST(? AS varchar[]), CAST(? AS varchar[]), CAST(? AS int[]), CAST(? AS varchar[]), CAST(? AS text[])) "
                + "WITH ORDINALITY AS e (event_id, topic, message_key, shard, type, payload, n) ORDER BY n",
                (statement, connection) -> {
                    changeBinder.bind(statement, connection);
                    int p = changeParameters + 1;
                    Sql.bind(statement, p++, Instant.now());
                    statement.setArray(p++, connection.createArrayOf("uuid", ids));
                    statement.setArray(p++, connection.createArrayOf("varchar", topics));
                    statement.setArray(p++, connection.createArrayOf("varchar", keys));
                    statement.setArray(p++, connection.createArrayOf("int4", shards));
                    statement.setArray(p++, connection.createArrayOf("varchar", types));
                    statement.setArray(p, connection.createArrayOf("text", payloads));
                });
        afterCommit.run(() -> relay.wake());
    }

    /**
     * As {@link #publishWith}, as a transaction of its own: the one statement commits as it returns (autocommit), with
     * no JTA transaction around it, and the relay is woken then. For a write that is that statement and nothing else
     * (a logged session): a single statement is atomic by itself, and the transaction manager's begin, enlistment,
     * commit and synchronisations were a tenth of such a request's CPU. Refused inside a transaction, where the change
     * would commit apart from the caller's other work. {@code alsoWritten}: further rows the same statement writes when
     * the change stores its row (the call's audit record, {@code AuditLog.thisCall}).
     */
    @Transactional(Transactional.TxType.NEVER)
    public boolean publishCommittedWith(String change, Object[] changeParameters, String topic, UUID patientId,
            String type, Object payload, Sql.Into... alsoWritten) {
        List<Sql.Into> rows = new ArrayList<>(Arrays.asList(alsoWritten));
        rows.add(new Sql.Into(INSERT, ROW, row(UUID.randomUUID(), topic, patientId, type, json(payload))));
        boolean stored = sql.insertWith(change, changeParameters, rows) == 1;
        if (stored) {
            relay.wake();
        }
        return stored;
    }

    private String json(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload is not serialisable", e);
        }
    }

    private Object[] row(UUID eventId, String topic, UUID patientId, String type, String value) {
        return new Object[] {eventId, topic, patientId.toString(), (short) shard(patientId), type, value, Instant.now()};
    }

    /** The relay's share of the outbox that holds a patient's events (all of them, so that they keep their order). */
    private int shard(UUID patientId) {
        return Math.floorMod(patientId.hashCode(), config.shards());
    }
}
