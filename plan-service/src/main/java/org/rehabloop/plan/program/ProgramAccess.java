package org.rehabloop.plan.program;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.rehabloop.kit.audit.AuditContext;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.kit.security.CurrentUser;
import org.rehabloop.kit.security.Roles;

import java.util.List;
import java.util.UUID;

/**
 * Who may see a programme: the patient it is for, the clinician who issued it, an admin. Anyone else is told it
 * does not exist (404), so its existence is not revealed.
 */
@RequestScoped
public class ProgramAccess {
    @Inject
    CurrentUser user;

    @Inject
    AuditContext audit;

    public Program visible(UUID programId) {
        return visible(programId == null ? null : (Program) Program.findById(programId));
    }

    public Program visible(Program program) {
        if (program != null) {
            audit.touched(program.patientId, program.id);
        }
        if (program == null || !(user.isAdmin()
                || (user.is(Roles.PATIENT) && program.patientId.equals(user.id()))
                || (user.is(Roles.CLINICIAN) && program.clinicianId.equals(user.id())))) {
            throw ProblemException.notFound("Programme");
        }
        return program;
    }

    /**
     * The programmes of {@code patientId} the caller may see, newest first: all of them for the patient and an admin,
     * those they issued for a clinician. A clinician who issued none, or another patient, is told the patient does not
     * exist (404).
     */
    public List<Program> visibleOf(UUID patientId) {
        audit.touched(patientId, null);
        if (user.is(Roles.PATIENT) && !patientId.equals(user.id())) {
            throw ProblemException.notFound("Patient");
        }
        List<Program> programmes = Program.<Program>list("patientId = ?1 order by startDate desc, createdAt desc", patientId)
                .stream().filter(p -> !user.is(Roles.CLINICIAN) || p.clinicianId.equals(user.id())).toList();
        if (programmes.isEmpty() && user.is(Roles.CLINICIAN)) {
            throw ProblemException.notFound("Patient");
        }
        return programmes;
    }

    /** The caller's id, as recorded on what they change. */
    public String caller() {
        return user.id().toString();
    }
}
