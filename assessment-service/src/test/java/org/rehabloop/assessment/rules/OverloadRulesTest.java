package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.bandWalk;
import static org.rehabloop.assessment.rules.Histories.clamshell;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.deadlift;
import static org.rehabloop.assessment.rules.Histories.history;

/** The OVL- rules of RULES.md, one row per case, boundaries included. */
class OverloadRulesTest {

    @ParameterizedTest(name = "painBefore {0}, session {1} h before, morning pain {2}, earlier unsettled {3} -> {4}")
    @CsvSource(nullValues = "-", value = {
            "2, 12, 3, false, -",          // +1: settled
            "2, 12, 4, false, HOLD",       // +2: did not settle
            "2, 12, 6, false, HOLD",
            "2, 35, 4, false, HOLD",       // within 36 h
            "2, 37, 4, false, -",          // no session in the 36 h before
            "2, 12, 4, true, DELOAD",      // the second time in 14 days
    })
    void painNextMorning(int painBefore, int hoursBefore, int pain, boolean earlier, AdjustmentType expected) {
        Histories h = history();
        if (earlier) {
            h.session(1, 2, 5, 30, clamshell(2, Form.CLEAN, 15, 15));
            h.checkIn(1.5, 5, PainKind.NEXT_MORNING);
        }
        h.session(10 - hoursBefore / 24.0, painBefore, 5, 30, clamshell(2, Form.CLEAN, 15, 15),
                deadlift("4.0", 2, Form.CLEAN, 10, 10, 10));
        PainReported morning = h.checkIn(10, pain, PainKind.NEXT_MORNING);
        List<Finding> findings = new PainNextMorningRule(2, Duration.ofHours(36), Duration.ofDays(14))
                .evaluate(h.build(), new Trigger(null, morning.checkInId()), day(10));
        if (expected == null) {
            assertThat(findings).isEmpty();
        } else {
            assertThat(findings).extracting(Finding::exerciseCode).containsExactly("clamshell", "single-leg-deadlift");
            assertThat(findings).allSatisfy(f -> {
                assertThat(f.adjustment().type()).isEqualTo(expected);
                assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            });
        }
    }

    @ParameterizedTest(name = "weekly pain {0} -> {1} -> {2}: {3}")
    @CsvSource({
            "1, 2, 3, true",     // +1.0 twice
            "1, 2, 2, false",    // rose once
            "1, 1, 3, false",    // +0 then +2
            "2, 3, 5, true",
            "3, 2, 1, false",    // falling
    })
    void painTrend(int weekBefore, int lastWeek, int thisWeek, boolean fires) {
        Histories h = history();
        h.session(2, 5, clamshell(weekBefore, Form.CLEAN, 15, 15));
        h.session(9, 5, clamshell(lastWeek, Form.CLEAN, 15, 15));
        h.session(16, 5, clamshell(thisWeek, Form.CLEAN, 15, 15));
        List<Finding> findings = new PainTrendRule(BigDecimal.ONE).evaluate(h.build(), Trigger.SCHEDULE, day(16.5));
        assertThat(findings.isEmpty()).isEqualTo(!fires);
        if (fires) {
            assertThat(findings).extracting(Finding::exerciseCode).containsExactly("single-leg-deadlift", "lateral-band-walk");
            assertThat(findings).allMatch(f -> f.adjustment().type() == AdjustmentType.DELOAD);
        }
    }

    @ParameterizedTest(name = "forms {0}, {1}, {2} (trigger the {3}) -> {4}")
    @CsvSource({
            "CLEAN, SLIPPED, SLIPPED, last, true",     // 2 in a row
            "SLIPPED, CLEAN, SLIPPED, last, false",    // not consecutive
            "CLEAN, CLEAN, SLIPPED, last, false",      // once
            "SLIPPED, SLIPPED, CLEAN, first, true",    // a session synced late completes the pair
    })
    void formBreakdown(Form first, Form second, Form third, String trigger, boolean fires) {
        Histories h = history();
        WorkoutLogged a = h.session(1, 5, clamshell(2, first, 15, 15));
        WorkoutLogged b = h.session(3, 5, clamshell(2, second, 15, 15));
        WorkoutLogged c = h.session(5, 5, clamshell(2, third, 15, 15));
        WorkoutLogged arrived = trigger.equals("last") ? c : a;
        List<Finding> findings = new FormBreakdownRule().evaluate(h.build(), Trigger.session(arrived.sessionId()), day(6));
        assertThat(findings.isEmpty()).isEqualTo(!fires);
        if (fires) {
            assertThat(findings.get(0).evidence()).hasSize(2);
            assertThat(findings.get(0).adjustment().type()).isEqualTo(AdjustmentType.DELOAD);
        }
    }

    @ParameterizedTest(name = "deadlift at {0} kg, form {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "4.0, CLEAN, -", "4.4, CLEAN, -",            // up to +10%
            "4.5, CLEAN, LOW", "6.0, SLIPPED, MEDIUM",   // above +10%
    })
    void selfProgressionByLoad(String kg, Form form, Severity expected) {
        Histories h = history();
        WorkoutLogged s = h.session(2, 5, deadlift(kg, 1, form, 10, 10, 10));
        List<Finding> findings = new SelfProgressionRule(new BigDecimal("0.10")).evaluate(h.build(), Trigger.session(s.sessionId()), day(3));
        if (expected == null) {
            assertThat(findings).isEmpty();
        } else {
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(expected);
                assertThat(f.adjustment().type()).isEqualTo(AdjustmentType.HOLD);
            });
        }
    }

    @ParameterizedTest(name = "band {0} against LIGHT -> {1}")
    @CsvSource({"LIGHT, false", "EXTRA_LIGHT, false", "MEDIUM, true"})
    void selfProgressionByBand(Band band, boolean fires) {
        Histories h = history();
        WorkoutLogged s = h.session(2, 5, bandWalk(band, 20));
        assertThat(new SelfProgressionRule(new BigDecimal("0.10")).evaluate(h.build(), Trigger.session(s.sessionId()), day(3))
                .isEmpty()).isEqualTo(!fires);
    }

    @ParameterizedTest(name = "rpe {0},{1}; clamshell totals {2},{3} of 60 -> {4}")
    @CsvSource(nullValues = "-", value = {
            "9, 9, 60, 60, HOLD",      // 2 hard sessions running: hold
            "8, 9, 60, 60, -",         // one
            "9, 8, 60, 60, -",
            "5, 5, 46, 46, DELOAD",    // 46 of 60 is under 80%, twice
            "5, 5, 48, 46, -",         // 48 of 60 is 80%: short only once
            "9, 9, 40, 40, DELOAD",    // both: the shortfall deloads
    })
    void effort(int rpe1, int rpe2, int total1, int total2, AdjustmentType expected) {
        Histories h = history();
        h.session(1, rpe1, clamshell(1, Form.CLEAN, total1 / 2));
        WorkoutLogged second = h.session(3, rpe2, clamshell(1, Form.CLEAN, total2 / 2));
        History history = h.build();
        List<Finding> findings = new EffortRule(9, new BigDecimal("0.80")).evaluate(history, Trigger.session(second.sessionId()), day(4));
        if (expected == null) {
            assertThat(findings).isEmpty();
        } else {
            assertThat(findings).singleElement().satisfies(f -> assertThat(f.adjustment().type()).isEqualTo(expected));
        }
    }

    @ParameterizedTest(name = "history {0} days, last week {1} sessions -> {2}")
    @CsvSource({
            "27, 6, false",   // under 28 days of history
            "28, 6, true",    // ratio 6 / (9 / 4) = 2.7
            "28, 1, false",   // ratio 1 / (4 / 4) = 1.0
    })
    void loadSpike(int historyDays, int lastWeek, boolean fires) {
        Histories h = history();
        double now = 40;
        h.session(now - historyDays, 5, clamshell(1, Form.CLEAN, 15, 15));
        for (int i = 0; i < 3 && historyDays >= 28; i++) {
            h.session(now - 20 + i, 5, clamshell(1, Form.CLEAN, 15, 15));
        }
        for (int i = 0; i < lastWeek; i++) {
            h.session(now - 6 + i, 5, clamshell(1, Form.CLEAN, 15, 15));
        }
        List<Finding> findings = new LoadSpikeRule(new BigDecimal("1.5"), Duration.ofDays(28)).evaluate(h.build(), Trigger.SCHEDULE, day(now));
        assertThat(findings.isEmpty()).isEqualTo(!fires);
        if (fires) {
            assertThat(findings.get(0).adjustment()).isNull();
            assertThat(findings.get(0).severity()).isEqualTo(Severity.LOW);
        }
    }
}
