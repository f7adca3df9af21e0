package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Form;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.clamshell;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.entry;
import static org.rehabloop.assessment.rules.Histories.history;

/**
 * Sessions of clamshell and single-leg-deadlift spread evenly over the phase; the last 2 are as the row says: CLEAN
 * (every entry meets its prescription), PAIN_4, LOWERED (deadlift at 3.5 kg instead of 4), FEWER_SETS.
 */
class PhaseAdvanceRuleTest {
    private final PhaseAdvanceRule rule = new PhaseAdvanceRule(PhaseAdvanceRule.TEMPLATE_MINIMUM_WEEKS, new BigDecimal("0.80"), 2, 3);

    enum Last { CLEAN, PAIN_4, LOWERED, FEWER_SETS }

    @ParameterizedTest(name = "phase {0} from day {1}, {2}/week, today day {3}, {4} sessions, last 2 {5} -> {6}")
    @CsvSource({
            "1, 0, 3, 13, 6, CLEAN, false",       // under 2 weeks
            "1, 0, 3, 14, 6, CLEAN, true",        // 2 weeks, 6 of 6
            "1, 0, 3, 14, 5, CLEAN, true",        // 5 of 6 = 83%
            "1, 0, 3, 14, 4, CLEAN, false",       // 4 of 6 = 67%
            "1, 0, 5, 14, 8, CLEAN, true",        // 8 of 10 = 80%
            "1, 0, 5, 14, 7, CLEAN, false",       // 7 of 10 = 70%
            "1, 0, 3, 14, 6, PAIN_4, false",      // the last sessions did not meet the prescription
            "1, 0, 3, 14, 6, LOWERED, false",     // a lowered load never counts towards progress
            "1, 0, 3, 14, 6, FEWER_SETS, false",
            "2, 14, 3, 41, 12, CLEAN, false",     // phase 2: 27 days
            "2, 14, 3, 42, 12, CLEAN, true",      // 28 days = 4 weeks
            "2, 14, 3, 42, 9, CLEAN, false",      // 9 of 12 = 75%, sessions of phase 1 do not count
            "3, 0, 3, 60, 26, CLEAN, false",      // the last phase never advances
    })
    void minimumLengthOverAdherenceAndTheLastTwoSessionsMet(int phase, int startedOn, int perWeek, int today, int sessions,
            Last last, boolean fires) {
        Histories h = history().perWeek(perWeek).phase(phase, startedOn);
        for (int i = 0; i < startedOn; i += 2) {
            h.session(i + 0.5, 5, clamshell(1, Form.CLEAN, 15, 15)); // the phase before
        }
        for (int i = 0; i < sessions; i++) {
            Last shape = i >= sessions - 2 ? last : Last.CLEAN;
            h.session(startedOn + 0.5 + i * ((today - startedOn - 1.0) / sessions), 5,
                    clamshell(shape == Last.PAIN_4 ? 4 : 1, Form.CLEAN, 15, 15),
                    entry("single-leg-deadlift", Form.CLEAN, 1, switch (shape) {
                        case LOWERED -> "10@3.5 10@3.5 10@3.5";
                        case FEWER_SETS -> "10@4 10@4";
                        default -> "10@4 10@4 10@4";
                    }));
        }

        List<Finding> findings = rule.evaluate(h.build(), Trigger.SCHEDULE, day(today + 0.5));

        assertThat(findings.isEmpty()).isEqualTo(!fires);
        if (fires) {
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.category()).isNull();
                assertThat(f.severity()).isNull();
                assertThat(f.adjustment().type()).isEqualTo(AdjustmentType.ADVANCE_PHASE);
                assertThat(f.evidence().get(0).metric()).isEqualTo("adherencePercentInPhase");
                assertThat(f.evidence().get(0).value()).isGreaterThanOrEqualTo(BigDecimal.valueOf(80));
            });
        }
    }

    /**
     * The live path reads only the recent window and counts the phase's sessions in the database: the count, not the
     * sessions at hand, decides the adherence.
     */
    @ParameterizedTest(name = "{0} sessions in the window, {1} counted in the phase -> {2}")
    @CsvSource({
            "2, 6, true",   // 6 of 6 counted, the 2 at hand met their prescription
            "2, 4, false",  // 4 of 6 = 67%
            "6, 4, false",  // the count wins over the sessions at hand
            "1, 6, false",  // fewer than the 2 last sessions to judge
    })
    void aCountedPhaseDecidesTheAdherence(int atHand, int counted, boolean fires) {
        Histories h = history().perWeek(3).phase(1, 0);
        for (int i = 0; i < atHand; i++) {
            h.session(13 - atHand + i + 0.5, 5, clamshell(1, Form.CLEAN, 15, 15),
                    entry("single-leg-deadlift", Form.CLEAN, 1, "10@4 10@4 10@4"));
        }
        History window = h.build();
        History judged = new History(window.program(), window.sessions(), window.checkIns(), counted);

        assertThat(rule.evaluate(judged, Trigger.SCHEDULE, day(14.5)).isEmpty()).isEqualTo(!fires);
    }
}
