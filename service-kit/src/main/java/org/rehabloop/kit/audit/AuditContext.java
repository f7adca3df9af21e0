package org.rehabloop.kit.audit;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/**
 * What the request touched, as the code that resolved it learnt: the patient and the resource; what the call is
 * (named before the resource runs); and the status with which the call's record is written with its effect.
 */
@RequestScoped
public class AuditContext {
    private UUID patientId;
    private String resourceId;
    private String action;
    private int writtenWithEffectIf;

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

    void named(String action) {
        this.action = action;
    }

    String action() {
        return action;
    }

    void writtenWithEffectIf(int status) {
        this.writtenWithEffectIf = status;
    }

    /** Whether a call answered {@code status} has its record already: written with its effect (0: none is). */
    boolean writtenWithEffect(int status) {
        return writtenWithEffectIf != 0 && writtenWithEffectIf == status;
    }
}
