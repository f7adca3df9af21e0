package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.clamshell;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.deadlift;
import static org.rehabloop.assessment.rules.Histories.history;

class PainNextMorningRuleTest {
    private final PainNextMorningRule rule = new PainNextMorningRule(2, Duration.ofHours(36), Duration.ofDays(14));

    /** What happened before the session judged (the check-in is on day 20). */
    enum Before {
        NOTHING,
        /** Another session whose next morning did not settle either, 13 days earlier. */
        UNSETTLED_13_DAYS_EARLIER,
        UNSETTLED_15_DAYS_EARLIER,
        /** Another session whose next morning settled, 5 days earlier. */
        SETTLED_5_DAYS_EARLIER,
        /** An earlier morning check-in about the same session: still the first time. */
        SAME_SESSION_6_HOURS_EARLIER,
        /** A later session inside the 36 h, with a higher painBefore: the latest session is the one judged. */
        LATER_SESSION_PAIN_BEFORE_3
    }

    @ParameterizedTest(name = "painBefore {0}, session {1} h before, {3} pain {2}, {4} -> {5}")
    @CsvSource(nullValues = "-", value = {
            "2, 12, 3, NEXT_MORNING, NOTHING, -",                      // +1: settled
            "2, 12, 4, NEXT_MORNING, NOTHING, HOLD",                   // +2: did not settle
            "2, 12, 9, NEXT_MORNING, NOTHING, HOLD",
            "0, 12, 2, NEXT_MORNING, NOTHING, HOLD",
            "2, 36, 4, NEXT_MORNING, NOTHING, HOLD",                   // 36 h before: still in
            "2, 37, 4, NEXT_MORNING, NOTHING, -",                      // no session in the 36 h before
            "2, 12, 6, DAILY, NOTHING, -",                             // only NEXT_MORNING check-ins count
            "2, 12, 4, NEXT_MORNING, UNSETTLED_13_DAYS_EARLIER, DELOAD", // the second time in 14 days
            "2, 12, 4, NEXT_MORNING, UNSETTLED_15_DAYS_EARLIER, HOLD",
            "2, 12, 4, NEXT_MORNING, SETTLED_5_DAYS_EARLIER, HOLD",
            "2, 12, 4, NEXT_MORNING, SAME_SESSION_6_HOURS_EARLIER, HOLD",
            "2, 30, 4, NEXT_MORNING, LATER_SESSION_PAIN_BEFORE_3, -",  // 4 < 3 + 2
    })
    void morningPainTwoAboveThePainBeforeOfTheLatestSession(int painBefore, int hoursBefore, int pain, PainKind kind,
            Before before, AdjustmentType expected) {
        Histories h = history();
        switch (before) {
            case UNSETTLED_13_DAYS_EARLIER, UNSETTLED_15_DAYS_EARLIER, SETTLED_5_DAYS_EARLIER -> {
                int days = before == Before.UNSETTLED_13_DAYS_EARLIER ? 13 : before == Before.UNSETTLED_15_DAYS_EARLIER ? 15 : 5;
                h.session(20 - days - 0.5, 2, 5, 30, clamshell(1, Form.CLEAN, 15, 15));
                h.checkIn(20 - days, before == Before.SETTLED_5_DAYS_EARLIER ? 3 : 5, PainKind.NEXT_MORNING);
            }
            case SAME_SESSION_6_HOURS_EARLIER -> h.checkIn(20 - 0.25, 5, PainKind.NEXT_MORNING);
            case LATER_SESSION_PAIN_BEFORE_3 -> h.session(20 - 0.5, 3, 5, 30, clamshell(1, Form.CLEAN, 15, 15));
            case NOTHING -> {
            }
        }
        WorkoutLogged session = h.session(20 - hoursBefore / 24.0, painBefore, 5, 30, clamshell(2, Form.CLEAN, 15, 15),
                deadlift("4.0", 2, Form.CLEAN, 10, 10, 10));
        PainReported morning = h.checkIn(20, pain, kind);

        List<Finding> findings = rule.evaluate(h.build(), new Trigger(null, morning.checkInId()), day(20));

        if (expected == null) {
            assertThat(findings).isEmpty();
            return;
        }
        assertThat(findings).extracting(Finding::exerciseCode).containsExactly("clamshell", "single-leg-deadlift");
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.category()).isEqualTo(AlertCategory.OVERLOAD);
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.adjustment().type()).isEqualTo(expected);
            assertThat(f.adjustment().exerciseCode()).isEqualTo(f.exerciseCode());
            assertThat(f.evidence().get(0).sessionId()).isEqualTo(session.sessionId());
            assertThat(f.evidence().get(0).value().intValue()).isEqualTo(painBefore);
            assertThat(f.evidence().get(1).value().intValue()).isEqualTo(pain);
            assertThat(f.evidence().get(1).threshold().intValue()).isEqualTo(painBefore + 2);
            assertThat(f.evidence()).hasSize(expected == AdjustmentType.DELOAD ? 3 : 2);
        });
    }

    @ParameterizedTest(name = "trigger {0} -> no finding")
    @CsvSource({"SESSION", "SCHEDULE"})
    void onlyTheCheckInThatArrivedIsJudged(String trigger) {
        Histories h = history();
        WorkoutLogged session = h.session(19.5, 2, 5, 30, clamshell(1, Form.CLEAN, 15, 15));
        h.checkIn(20, 6, PainKind.NEXT_MORNING);
        Trigger t = trigger.equals("SESSION") ? Trigger.session(session.sessionId()) : Trigger.SCHEDULE;
        assertThat(rule.evaluate(h.build(), t, day(20))).isEmpty();
    }
}
