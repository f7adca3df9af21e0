package org.rehabloop.plan.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.rehabloop.kit.problem.Problem;
import org.rehabloop.kit.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;

/** Adds or replaces exercises and templates, checking that every code they name exists. */
@ApplicationScoped
public class ContentService {

    @Transactional
    public Exercise putExercise(String code, ContentRequests.ExerciseContent content) {
        checkCode(code);
        lock("exercise:" + code);
        for (String variation : new String[] {content.easierVariation(), content.harderVariation()}) {
            if (variation != null && !variation.equals(code) && Exercise.findById(variation) == null) {
                throw ProblemException.badField(variation.equals(content.easierVariation()) ? "easierVariation" : "harderVariation",
                        "is not an exercise of the catalogue");
            }
        }
        Exercise exercise = Exercise.findById(code);
        if (exercise == null) {
            exercise = new Exercise();
            exercise.code = code;
        }
        exercise.name = content.name();
        exercise.loadType = content.loadType();
        exercise.unit = content.unit();
        exercise.perSide = content.perSide();
        exercise.easierCode = content.easierVariation();
        exercise.harderCode = content.harderVariation();
        exercise.targetMuscles = content.targetMuscles();
        exercise.equipment = content.equipment();
        exercise.instructions = content.instructions();
        exercise.persist();
        return exercise;
    }

    @Transactional
    public ProgramTemplate putTemplate(String code, ContentRequests.TemplateContent content) {
        checkCode(code);
        lock("template:" + code);
        List<Problem.Violation> violations = new ArrayList<>();
        for (int i = 0; i < content.prescriptions().size(); i++) {
            if (Exercise.findById(content.prescriptions().get(i).exerciseCode()) == null) {
                violations.add(new Problem.Violation("prescriptions[" + i + "].exerciseCode", "is not an exercise of the catalogue"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "The request has invalid fields", violations);
        }
        ProgramTemplate template = ProgramTemplate.findById(code);
        if (template == null) {
            template = new ProgramTemplate();
            template.code = code;
        }
        template.name = content.name();
        template.description = content.description();
        template.phases = content.phases().stream()
                .map(p -> new TemplatePhase(p.number(), p.name(), p.minimumWeeks(), p.blocks())).toList();
        template.persist();
        TemplatePrescription.delete("templateCode", code);
        TemplatePrescription.flush();
        int position = 1;
        for (ContentRequests.Dose dose : content.prescriptions()) {
            TemplatePrescription row = new TemplatePrescription();
            row.templateCode = code;
            row.exerciseCode = dose.exerciseCode();
            row.position = position++;
            row.block = dose.block();
            row.sets = dose.sets();
            row.target = dose.target();
            row.loadKg = dose.loadKg();
            row.band = dose.band();
            row.persist();
        }
        return template;
    }

    /**
     * Two admins saving the same code at once take turns (a transaction-scoped lock on the code) instead of one of
     * them failing on a duplicate row or a deadlock: the last one wins, as for one admin saving twice.
     */
    private static void lock(String key) {
        Exercise.getEntityManager().createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(:key))) l")
                .setParameter("key", key).getSingleResult();
    }

    private static void checkCode(String code) {
        if (code == null || code.length() > 64 || !code.matches(ContentRequests.CODE)) {
            throw ProblemException.badField("code", "must be lower-case words joined by hyphens, such as banded-clamshell");
        }
    }
}
