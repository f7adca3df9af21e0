package org.rehabloop.kit.audit;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/** What the request touched, as the code that resolved it learnt: the patient and the resource. */
@RequestScoped
public class AuditContext {
    private UUID patientId;
    private String resourceId;

    public void touched(UUID patientId, Object resourceId) {
        this.patientId = patientId;
        this.resourceId = resourceId == null ? null : resourceId.toString();
    }

    UUID patientId() {
        return patientId;
    }

    String resourceId() {
        return resourceId;
    }
}
