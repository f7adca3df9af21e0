package org.rehabloop.plan.catalog;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.rehabloop.contracts.Block;
import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Unit;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.kit.security.Roles;

import java.math.BigDecimal;
import java.util.List;

/** The exercise catalogue and the programme templates: content every signed-in user may read. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.PARTNER, Roles.ADMIN})
public class CatalogResource {
    @Inject
    ContentService contentService;

    public record ExerciseView(String code, String name, LoadType loadType, Unit unit, boolean perSide,
            String easierVariation, String harderVariation, List<String> targetMuscles, List<String> equipment,
            String instructions) {
        static ExerciseView of(Exercise e) {
            return new ExerciseView(e.code, e.name, e.loadType, e.unit, e.perSide, e.easierCode, e.harderCode,
                    e.targetMuscles, e.equipment, e.instructions);
        }
    }

    public record TemplateView(String code, String name, String description, List<TemplatePhase> phases,
            List<DoseView> prescriptions) {
    }

    public record DoseView(String exerciseCode, Block block, int sets, int target, BigDecimal loadKg, Band band) {
    }

    @GET
    @Path("/exercises")
    public List<ExerciseView> exercises() {
        return Exercise.<Exercise>listAll(io.quarkus.panache.common.Sort.by("code")).stream().map(ExerciseView::of).toList();
    }

    @GET
    @Path("/exercises/{code}")
    public ExerciseView exercise(@PathParam("code") String code) {
        Exercise exercise = Exercise.findById(code);
        if (exercise == null) {
            throw ProblemException.notFound("Exercise " + code);
        }
        return ExerciseView.of(exercise);
    }

    @GET
    @Path("/templates")
    public List<TemplateView> templates() {
        return ProgramTemplate.<ProgramTemplate>listAll(io.quarkus.panache.common.Sort.by("code")).stream().map(CatalogResource::view).toList();
    }

    @GET
    @Path("/templates/{code}")
    public TemplateView template(@PathParam("code") String code) {
        ProgramTemplate template = ProgramTemplate.findById(code);
        if (template == null) {
            throw ProblemException.notFound("Template " + code);
        }
        return view(template);
    }

    /** Adds or replaces an exercise (admin): a clinic extends the catalogue without a release. */
    @PUT
    @Path("/exercises/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public ExerciseView putExercise(@PathParam("code") String code, @NotNull @Valid ContentRequests.ExerciseContent content) {
        return ExerciseView.of(contentService.putExercise(code, content));
    }

    /** Adds or replaces a template with its phases and default doses (admin). */
    @PUT
    @Path("/templates/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public TemplateView putTemplate(@PathParam("code") String code, @NotNull @Valid ContentRequests.TemplateContent content) {
        return view(contentService.putTemplate(code, content));
    }

    private static TemplateView view(ProgramTemplate template) {
        List<DoseView> doses = TemplatePrescription.of(template.code).stream()
                .map(p -> new DoseView(p.exerciseCode, p.block, p.sets, p.target, p.loadKg, p.band)).toList();
        return new TemplateView(template.code, template.name, template.description, template.phases, doses);
    }
}
