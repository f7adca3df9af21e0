package org.rehabloop.assessment.patient;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.assessment.projection.PatientProgram;
import org.rehabloop.kit.security.CurrentUser;
import org.rehabloop.kit.security.Roles;

import java.util.UUID;

@Path("/v1/patients/{patientId}/assessment")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Assessment", description = "How a patient is doing: adherence, pain trend, each exercise's status, open alerts")
public class PatientAssessmentResource {
    @Inject
    PatientAssessmentService assessments;

    @Inject
    CurrentUser user;

    /** The patient themselves, the clinician who issued their programme, or an admin; anyone else gets 404. */
    @GET
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(operationId = "getPatientAssessment", summary = "Read a patient's assessment")
    @APIResponse(responseCode = "200", description = "The assessment")
    public PatientAssessment assessment(@PathParam("patientId") UUID patientId) {
        PatientProgram program = PatientAssessmentService.programOf(patientId).orElse(null);
        boolean visible = program != null && (user.isAdmin()
                || (user.is(Roles.PATIENT) && user.id().equals(patientId))
                || (user.is(Roles.CLINICIAN) && program.clinicianId.equals(user.id())));
        if (!visible) {
            throw ProblemException.notFound("Patient");
        }
        return assessments.of(program).orElseThrow(() -> ProblemException.notFound("Patient"));
    }
}
