package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.entry;
import static org.rehabloop.assessment.rules.Histories.history;
import static org.rehabloop.assessment.rules.Histories.prescription;

/**
 * Sessions of one exercise spread evenly from day 0 over the days given; all but the last 3 have the sets "before",
 * the last 3 the sets "recent". Besides the defaults (clamshell, single-leg-deadlift, lateral-band-walk), the
 * exercises listed under "also" are prescribed.
 */
class PlateauRuleTest {
    private final PlateauRule rule = new PlateauRule(6, 21, Variations.hipStrength());

    @ParameterizedTest(name = "{0}: {1} sessions over {2} days, {3} then {4}, also {5}; the {6}th from last arrives -> {7}")
    @CsvSource(nullValues = "-", value = {
            "clamshell, 6, 21, 15 15, 15 15, '', 1, banded-clamshell",           // no better: plateau
            "clamshell, 6, 21, 15 15, 14 14, '', 1, banded-clamshell",           // worse
            "clamshell, 6, 21, 15 15, 16 15, '', 1, -",                          // better
            "clamshell, 6, 20, 15 15, 15 15, '', 1, -",                          // under 21 days
            "clamshell, 5, 21, 15 15, 15 15, '', 1, -",                          // under 6 sessions
            "clamshell, 9, 21, 15 15, 15 15, '', 1, banded-clamshell",           // 3 a week: 21 days from the first session
            "clamshell, 9, 21, 15 15, 15 15, '', 6, banded-clamshell",           // a late session among the last 6
            "clamshell, 9, 21, 15 15, 15 15, '', 7, -",                          // a session before them changes nothing
            "clamshell, 6, 21, L15 R15, L15 R16, '', 1, -",                      // the right side still improves
            "single-leg-deadlift, 6, 21, 12@4.0, 10@4.5, '', 1, -",              // load before count
            "single-leg-deadlift, 6, 21, 12@4.0, 12@4.0, '', 1, hip-thrust",     // top of its ladder: a sibling
            "single-leg-deadlift, 6, 21, 12@4.0, 12@4.0, hip-thrust, 1, single-leg-hip-thrust", // the sibling is prescribed
            "lateral-band-walk, 6, 21, 20@LIGHT, 22@LIGHT, '', 1, -",
            "lateral-band-walk, 6, 21, 20@MEDIUM, 25@LIGHT, '', 1, monster-walk", // band level before count
            "monster-walk, 6, 21, 20@LIGHT, 20@LIGHT, step-up monster-walk, 1, REVIEW", // nothing left: clinician review
            "glute-bridge, 6, 21, 15, 15, '', 1, -",                             // not in the programme
    })
    void bestSetOfTheLastThreeSessionsNoBetterThanOfTheThreeBefore(String exercise, int sessions, int days, String before,
            String recent, String also, int arrivesFromLast, String expected) {
        Histories h = history();
        for (String code : also.split(" ")) {
            if (!code.isBlank()) {
                h.prescribe(prescription(code));
            }
        }
        List<WorkoutLogged> done = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            done.add(h.session((double) days * i / (sessions - 1), 5,
                    entry(exercise, Form.CLEAN, 1, i < sessions - 3 ? before : recent)));
        }
        WorkoutLogged arrived = done.get(sessions - arrivesFromLast);

        List<Finding> findings = rule.evaluate(h.build(), Trigger.session(arrived.sessionId()), day(days + 1));

        if (expected == null) {
            assertThat(findings).isEmpty();
            return;
        }
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.exerciseCode()).isEqualTo(exercise);
            assertThat(f.category()).isEqualTo(AlertCategory.STALLED);
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.evidence()).extracting(Finding.Evidence::sessionId)
                    .containsExactly(done.get(sessions - 4).sessionId(), done.get(sessions - 1).sessionId());
            if (expected.equals("REVIEW")) {
                assertThat(f.adjustment()).isNull();
            } else {
                assertThat(f.adjustment().type()).isEqualTo(AdjustmentType.SUBSTITUTE);
                assertThat(f.adjustment().exerciseCode()).isEqualTo(exercise);
                assertThat(f.adjustment().replacementCode()).isEqualTo(expected);
            }
        });
    }
}
