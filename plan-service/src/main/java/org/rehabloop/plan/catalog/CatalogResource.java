package org.rehabloop.plan.catalog;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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
@Tag(name = "Catalogue", description = "The exercises and programme templates: every signed-in user reads them, an admin edits them")
public class CatalogResource {
    @Inject
    ContentService contentService;

    @Schema(name = "Exercise", description = "An exercise of the catalogue")
    public record ExerciseView(String code, String name, LoadType loadType, Unit unit, boolean perSide,
            String easierVariation, String harderVariation, List<String> targetMuscles, List<String> equipment,
            String instructions) {
        static ExerciseView of(Exercise e) {
            return new ExerciseView(e.code, e.name, e.loadType, e.unit, e.perSide, e.easierCode, e.harderCode,
                    e.targetMuscles, e.equipment, e.instructions);
        }
    }

    @Schema(name = "Template", description = "A programme template: its phases and default doses")
    public record TemplateView(String code, String name, String description, List<TemplatePhase> phases,
            List<DoseView> prescriptions) {
    }

    @Schema(name = "TemplateDose")
    public record DoseView(String exerciseCode, Block block, int sets, int target, BigDecimal loadKg, Band band) {
    }

    @GET
    @Path("/exercises")
    @Operation(operationId = "listExercises", summary = "The exercise catalogue")
    @APIResponse(responseCode = "200", description = "Every exercise, by code")
    public List<ExerciseView> exercises() {
        return Exercise.<Exercise>listAll(io.quarkus.panache.common.Sort.by("code")).stream().map(ExerciseView::of).toList();
    }

    @GET
    @Path("/exercises/{code}")
    @Operation(operationId = "getExercise", summary = "Read an exercise")
    @APIResponse(responseCode = "200", description = "The exercise")
    public ExerciseView exercise(@PathParam("code") String code) {
        Exercise exercise = Exercise.findById(code);
        if (exercise == null) {
            throw ProblemException.notFound("Exercise " + code);
        }
        return ExerciseView.of(exercise);
    }

    @GET
    @Path("/templates")
    @Operation(operationId = "listTemplates", summary = "The programme templates")
    @APIResponse(responseCode = "200", description = "Every template, by code")
    public List<TemplateView> templates() {
        return ProgramTemplate.<ProgramTemplate>listAll(io.quarkus.panache.common.Sort.by("code")).stream().map(CatalogResource::view).toList();
    }

    @GET
    @Path("/templates/{code}")
    @Operation(operationId = "getTemplate", summary = "Read a programme template")
    @APIResponse(responseCode = "200", description = "The template")
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
    @Operation(operationId = "putExercise", summary = "Add or replace an exercise")
    @APIResponse(responseCode = "200", description = "The exercise as stored")
    public ExerciseView putExercise(@PathParam("code") String code, @NotNull @Valid ContentRequests.ExerciseContent content) {
        return ExerciseView.of(contentService.putExercise(code, content));
    }

    /** Adds or replaces a template with its phases and default doses (admin). */
    @PUT
    @Path("/templates/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "putTemplate", summary = "Add or replace a programme template",
            description = "The template with its phases and default doses.")
    @APIResponse(responseCode = "200", description = "The template as stored")
    public TemplateView putTemplate(@PathParam("code") String code, @NotNull @Valid ContentRequests.TemplateContent content) {
        return view(contentService.putTemplate(code, content));
    }

    private static TemplateView view(ProgramTemplate template) {
        List<DoseView> doses = TemplatePrescription.of(template.code).stream()
                .map(p -> new DoseView(p.exerciseCode, p.block, p.sets, p.target, p.loadKg, p.band)).toList();
        return new TemplateView(template.code, template.name, template.description, template.phases, doses);
    }
}
