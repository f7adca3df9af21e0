package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.clamshell;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.deadlift;
import static org.rehabloop.assessment.rules.Histories.history;

/** The STL- and PRG- rules of RULES.md, one row per case, boundaries included. */
class StalledAndProgressRulesTest {

    @ParameterizedTest(name = "{0} sessions over {1} days, best counts {2} then {3} -> {4}")
    @CsvSource({
            "6, 21, 15, 15, true",    // no better: plateau
            "6, 21, 15, 14, true",    // worse
            "6, 21, 15, 16, false",   // better
            "6, 20, 15, 15, false",   // under 21 days
            "5, 21, 15, 15, false",   // under 6 sessions
    })
    void plateau(int sessions, int days, int before, int recent, boolean fires) {
        Histories h = history();
        WorkoutLogged last = null;
        for (int i = 0; i < sessions; i++) {
            int count = i < sessions - 3 ? before : recent;
            last = h.session((double) days * i / (sessions - 1), 5, clamshell(1, Form.CLEAN, count, count));
        }
        List<Finding> findings = new PlateauRule(6, Duration.ofDays(21), Variations.hipStrength())
                .evaluate(h.build(), Trigger.session(last.sessionId()), day(days + 1));
        assertThat(findings.isEmpty()).isEqualTo(!fires);
        if (fires) {
            assertThat(findings.get(0).adjustment().type()).isEqualTo(AdjustmentType.SUBSTITUTE);
            assertThat(findings.get(0).adjustment().replacementCode()).isEqualTo("banded-clamshell");
            assertThat(findings.get(0).severity()).isEqualTo(Severity.LOW);
        }
    }

    @ParameterizedTest(name = "day {0}, pain first 14 days {1}, last 14 days {2} -> {3}")
    @CsvSource({
            "27, 5, 5, false",   // under 28 days
            "28, 5, 5, true",    // no better
            "28, 5, 4.5, true",  // only 0.5 better
            "28, 5, 4, false",   // 1.0 better
    })
    void painStalled(int today, int firstPain, double lastPain, boolean fires) {
        Histories h = history();
        h.session(2, 5, clamshell(firstPain, Form.CLEAN, 15, 15));
        h.session(today - 1, 5, clamshell((int) Math.floor(lastPain), Form.CLEAN, 15, 15));
        if (lastPain % 1 != 0) {
            h.session(today - 2, 5, clamshell((int) Math.ceil(lastPain), Form.CLEAN, 15, 15));
        }
        List<Finding> findings = new PainStalledRule(28, 14, BigDecimal.ONE).evaluate(h.build(), Trigger.SCHEDULE, day(today + 0.5));
        assertThat(findings.isEmpty()).isEqualTo(!fires);
        if (fires) {
            assertThat(findings.get(0).severity()).isEqualTo(Severity.MEDIUM);
            assertThat(findings.get(0).adjustment()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}/week, day {1}, sessions on days {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "5, 6.5, '', -",                           // the first 7 days are grace
            "5, 20, '7 8 9 10 11 12 13 16 17 18', -",  // 10 of 10: fine
            "5, 20, '8 9 11 13 16 17 18', -",          // 7 of 10 = 70%: fine
            "5, 20, '9 11 13 16 17 18', LOW",          // 6 of 10 = 60%: under 70%
            "3, 20, '12', MEDIUM",                     // nothing for 8 days: 3 x 7 / 3 = 7 days
            "3, 20, '13.1', LOW",                      // 6.9 days: not yet MEDIUM, but 1 of 6
    })
    void adherence(int perWeek, double today, String days, Severity expected) {
        Histories h = history().perWeek(perWeek);
        for (String d : days.split(" ")) {
            if (!d.isBlank()) {
                h.session(Double.parseDouble(d), 5, clamshell(1, Form.CLEAN, 15, 15));
            }
        }
        List<Finding> findings = new AdherenceRule(7, 14, new BigDecimal("0.70"), 3).evaluate(h.build(), Trigger.SCHEDULE, day(today));
        Severity severity = findings.isEmpty() ? null : findings.get(0).severity();
        assertThat(severity).isEqualTo(expected);
    }

    @ParameterizedTest(name = "last sets {0} then {1}, kg {2} then {3}, form {4} -> {5}")
    @CsvSource({
            "12, 12, 4.0, 4.0, CLEAN, true",    // target 10 + 2, twice
            "12, 11, 4.0, 4.0, CLEAN, false",   // +1 once
            "11, 12, 4.0, 4.0, CLEAN, false",
            "12, 12, 3.5, 4.0, CLEAN, false",   // a lowered load never counts
            "12, 12, 4.0, 4.0, SLIPPED, false", // form
            "12, 12, 4.0, 4.4, CLEAN, true",    // heavier is no obstacle here (self-progression is its own rule)
    })
    void twoForTwo(int first, int second, String kg1, String kg2, Form form, boolean fires) {
        Histories h = history();
        h.session(1, 5, deadlift(kg1, 1, form, 10, 10, first));
        WorkoutLogged last = h.session(3, 5, deadlift(kg2, 1, form, 10, 10, second));
        List<Finding> findings = new TwoForTwoProgressRule(2, 2).evaluate(h.build(), Trigger.session(last.sessionId()), day(4));
        assertThat(findings.isEmpty()).isEqualTo(!fires);
        if (fires) {
            assertThat(findings.get(0).category()).as("progress raises no alert").isNull();
            assertThat(findings.get(0).adjustment().type()).isEqualTo(AdjustmentType.PROGRESS);
        }
    }

    @ParameterizedTest(name = "phase {0} started day {1}, today {2}, {3} sessions, last clean {4} -> {5}")
    @CsvSource({
            "1, 0, 13, 6, true, false",   // under 2 weeks
            "1, 0, 14, 6, true, true",    // 2 weeks, 6 of 6 sessions, clean
            "1, 0, 14, 4, true, false",   // 4 of 6 = 67% < 80%
            "1, 0, 14, 5, true, true",    // 5 of 6 = 83%
            "1, 0, 14, 6, false, false",  // the last sessions did not meet the prescription
            "3, 0, 60, 20, true, false",  // the last phase never advances
    })
    void phaseAdvance(int phase, int startedOn, int today, int sessions, boolean clean, boolean fires) {
        Histories h = history().phase(phase, startedOn);
        for (int i = 0; i < sessions; i++) {
            boolean last = i >= sessions - 2;
            h.session(startedOn + 1 + i * ((today - startedOn - 1.5) / sessions), 5,
                    clamshell(last && !clean ? 5 : 1, Form.CLEAN, 15, 15));
        }
        List<Finding> findings = new PhaseAdvanceRule(Map.of(1, 2, 2, 4), new BigDecimal("0.80"), 2)
                .evaluate(h.build(), Trigger.SCHEDULE, day(today + 0.5));
        assertThat(findings.isEmpty()).isEqualTo(!fires);
        if (fires) {
            assertThat(findings.get(0).adjustment().type()).isEqualTo(AdjustmentType.ADVANCE_PHASE);
        }
    }
}
