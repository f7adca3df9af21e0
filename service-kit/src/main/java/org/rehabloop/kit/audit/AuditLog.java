package org.rehabloop.kit.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/** Writes audit records in their own transaction, so a failed request is recorded too. */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    public void record(String subject, String role, String action, String resourceId, UUID patientId, int status) {
        AuditRecord record = new AuditRecord();
        record.at = Instant.now();
        record.subject = subject;
        record.role = role;
        record.action = action;
        record.resourceId = resourceId;
        record.patientId = patientId;
        record.status = status;
        record.outcome = status == 401 || status == 403 || status == 404 ? AuditRecord.Outcome.DENIED
                : status >= 400 ? AuditRecord.Outcome.FAILED : AuditRecord.Outcome.ALLOWED;
        try {
            QuarkusTransaction.requiringNew().run(record::persist);
        } catch (RuntimeException e) {
            // never with health data in the log: only what failed to be written
            LOG.errorf("Could not write the audit record of %s %s (%s)", action, resourceId, e.getClass().getSimpleName());
        }
    }

    /** A consumed event that changed a patient's data. */
    public void event(String type, String eventId, UUID patientId) {
        record("kafka", null, type, eventId, patientId, 200);
    }
}
