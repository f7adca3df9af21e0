package org.rehabloop.kit.audit;

import org.rehabloop.kit.lifecycle.Daemon;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.rehabloop.kit.jdbc.Sql;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes audit records in transactions of their own, so a failed request is recorded too. The records of calls that
 * end at the same moment are written together (group commit): each caller still waits until its record is
 * committed, so no call is answered unrecorded, but a busy service pays one commit for many calls instead of one
 * each. An idle service writes each record at once.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final String INSERT =
            "INSERT INTO audit_record (at, subject, role, action, resource_id, patient_id, outcome, status) ";
    /** One row: text in, cast to each column's type, so that a null is typed whatever the driver makes of it. */
    private static final String ROW = "CAST(? AS timestamptz), CAST(? AS varchar), CAST(? AS varchar), CAST(? AS varchar), "
            + "CAST(? AS varchar), CAST(? AS uuid), CAST(? AS varchar), CAST(? AS int)";
    private static final int COLUMNS = 8;
    /** PostgreSQL takes at most 65,535 parameters in one statement; 8 a row. */
    private static final int MOST_IN_ONE_WRITE = 500;

    @Inject
    Sql sql;

    @Inject
    AuditContext context;

    @Inject
    SecurityIdentity identity;

    private record Pending(AuditRecord record, CompletableFuture<Void> written) {
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    void start(@Observes StartupEvent event) {
        running = true;
        writer = Daemon.start("audit-writer", this::write);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (writer != null) {
            writer.interrupt();
            Daemon.join(writer, Duration.ofSeconds(2));
        }
        drainAndWrite(); // what arrived while stopping
    }

    public void record(String subject, String role, String action, String resourceId, UUID patientId, int status) {
        AuditRecord record = record(subject, role, action, resourceId, patientId, status, Instant.now());
        if (!running) {
            write(List.of(new Pending(record, new CompletableFuture<>())));
            return;
        }
        Pending pending = new Pending(record, new CompletableFuture<>());
        queue.add(pending);
        try {
            pending.written().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf("The audit record of %s %s was not confirmed (%s)", action, resourceId, e.getClass().getSimpleName());
        }
    }

    /**
     * What the caller sent (a path parameter, a token's subject) as its column can hold it: without NUL or unpaired
     * surrogates, cut to {@code max} characters. Else the insert fails, and with it the batch of others' records.
     */
    static String storable(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out.length() + 2 > max) {
                    break;
                }
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == '\u0000' || Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return out.toString();
    }

    /**
     * The record of the call being answered, as a row for the statement that makes its effect ({@link Sql.Into}, for
     * {@code Outbox.publishCommittedWith}), should the call be answered {@code status}: the effect and its record
     * commit together, so no stored session is ever left unrecorded by a crash between two commits, and the call pays
     * no second transaction. A call answered {@code status} is then not recorded again when it is answered (see
     * {@link AuditFilter}); answered anything else (a retry's 200, a refusal), it is recorded then, as every call is.
     * Only for a call whose {@code status} is answered exactly when that statement wrote its row.
     */
    public Sql.Into thisCall(int status) {
        context.writtenWithEffectIf(status);
        boolean known = identity != null && !identity.isAnonymous();
        return new Sql.Into(INSERT, ROW, values(record(known ? subject(identity) : null, known ? role(identity) : null,
                context.action(), context.resourceId(), context.patientId(), status, Instant.now())));
    }

    static String subject(SecurityIdentity identity) {
        return identity.getPrincipal().getName();
    }

    static String role(SecurityIdentity identity) {
        return identity.getRoles().stream().findFirst().orElse(null);
    }

    /**
     * A consumed event that changed a patient's data, recorded in the consumer's transaction and in one statement with
     * {@code delivery}: an INSERT ... RETURNING that answers a row on the event's first delivery only (the inbox's
     * entry). The record exists exactly when the event's effect does, the consumer does not wait for a commit of its
     * own, and it pays one round trip for both rows. Whether {@code delivery} inserted its row.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean eventOnFirstDelivery(String delivery, Object[] deliveryParameters, String type, String eventId,
            UUID patientId) {
        return sql.insertWith(delivery, deliveryParameters, INSERT, ROW,
                values(record("kafka", null, type, eventId, patientId, 200, Instant.now()))) == 1;
    }

    /**
     * {@link #eventOnFirstDelivery} for a consumer transaction's events at once: {@code delivery} is an INSERT ... SELECT
     * ... FROM arrived ... RETURNING event_id, over {@code arrived (event_id, action, patient_id, ord)}, the events in their
     * order, that answers the ids delivered for the first time; each of those gets its audit record in the same
     * statement (once, also when an id came twice). The ids {@code delivery} answered.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> eventsOnFirstDelivery(String delivery, Object[] deliveryParameters, List<String> types,
            List<String> eventIds, List<UUID> patientIds) {
        String[] ids = new String[eventIds.size()];
        String[] actions = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = eventIds.get(i);
            actions[i] = storable(types.get(i), 200);
        }
        UUID[] patients = patientIds.toArray(UUID[]::new);
        String statement = "WITH arrived AS (SELECT * FROM unnest(CAST(? AS varchar[]), CAST(? AS varchar[]), "
                + "CAST(? AS uuid[])) WITH ORDINALITY AS a (event_id, action, patient_id, ord)), "
                + "first AS (" + delivery + "), audited AS (" + INSERT
                + "SELECT DISTINCT ON (a.event_id) CAST(? AS timestamptz), 'kafka', NULL, a.action, "
                + "a.event_id, a.patient_id, 'ALLOWED', 200 FROM arrived a JOIN first USING (event_id) "
                + "ORDER BY a.event_id, a.ord) SELECT event_id FROM first";
        return sql.query(statement, (prepared, connection) -> {
            prepared.setArray(1, connection.createArrayOf("varchar", ids));
            prepared.setArray(2, connection.createArrayOf("varchar", actions));
            prepared.setArray(3, connection.createArrayOf("uuid", patients));
            int p = 4;
            for (Object parameter : deliveryParameters) {
                Sql.bind(prepared, p++, parameter);
            }
            Sql.bind(prepared, p, Instant.now());
        }, rows -> {
            Set<String> first = new HashSet<>();
            while (rows.next()) {
                first.add(rows.getString(1));
            }
            return first;
        });
    }

    private static AuditRecord record(String subject, String role, String action, String resourceId, UUID patientId,
            int status, Instant at) {
        AuditRecord record = new AuditRecord();
        record.at = at;
        record.subject = storable(subject, 100);
        record.role = role;
        record.action = storable(action, 200);
        record.resourceId = storable(resourceId, 100);
        record.patientId = patientId;
        record.status = status;
        record.outcome = status == 401 || status == 403 || status == 404 ? AuditRecord.Outcome.DENIED
                : status >= 400 ? AuditRecord.Outcome.FAILED : AuditRecord.Outcome.ALLOWED;
        return record;
    }

    private void write() {
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, MOST_IN_ONE_WRITE - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void drainAndWrite() {
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (int from = 0; from < rest.size(); from += MOST_IN_ONE_WRITE) {
            write(rest.subList(from, Math.min(rest.size(), from + MOST_IN_ONE_WRITE)));
        }
    }

    private void write(List<Pending> batch) {
        try {
            QuarkusTransaction.requiringNew().run(() -> insert(batch));
        } catch (RuntimeException e) {
            // never with health data in the log: only what failed to be written
            for (Pending pending : batch) {
                LOG.errorf("Could not write the audit record of %s %s (%s)", pending.record().action,
                        pending.record().resourceId, e.getClass().getSimpleName());
            }
        } finally {
            batch.forEach(pending -> pending.written().complete(null));
        }
    }

    private void insert(List<Pending> batch) {
        StringBuilder sql = new StringBuilder(INSERT).append("VALUES ");
        Object[] parameters = new Object[batch.size() * COLUMNS];
        for (int i = 0; i < batch.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append('(').append(ROW).append(')');
            System.arraycopy(values(batch.get(i).record()), 0, parameters, i * COLUMNS, COLUMNS);
        }
        this.sql.update(sql.toString(), parameters);
    }

    private static Object[] values(AuditRecord r) {
        return new Object[] {r.at, r.subject, r.role, r.action, r.resourceId,
                r.patientId == null ? null : r.patientId.toString(), r.outcome.name(), r.status};
    }
}
