package org.rehabloop.logging.program;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.rehabloop.kit.audit.AuditContext;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.kit.security.CurrentUser;
import org.rehabloop.kit.security.Roles;

import java.util.UUID;

/**
 * Whose log the caller may touch: a patient writes and reads only their own; a clinician reads the patients of the
 * programmes they issued; an admin reads all. Anything else answers 404, revealing nothing.
 */
@RequestScoped
public class PatientAccess {
    @Inject
    CurrentUser user;

    @Inject
    AuditContext audit;

    /** Only the patient writes their log: ids in the path or body never stand in for the token's subject. */
    public void requireSelf(UUID patientId) {
        audit.touched(patientId, null);
        if (!user.is(Roles.PATIENT) || !user.id().equals(patientId)) {
            throw ProblemException.notFound("Patient");
        }
    }

    public void requireVisible(UUID patientId) {
        audit.touched(patientId, null);
        boolean visible = user.isAdmin()
                || (user.is(Roles.PATIENT) && user.id().equals(patientId))
                || (user.is(Roles.CLINICIAN) && PatientProgram.treats(user.id(), patientId));
        if (!visible) {
            throw ProblemException.notFound("Patient");
        }
    }
}
