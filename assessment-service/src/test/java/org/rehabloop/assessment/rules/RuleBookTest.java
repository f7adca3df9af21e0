package org.rehabloop.assessment.rules;

import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rehabloop.assessment.rules.Histories.clamshell;
import static org.rehabloop.assessment.rules.Histories.day;
import static org.rehabloop.assessment.rules.Histories.entry;
import static org.rehabloop.assessment.rules.Histories.history;

/** The standard rule book with the defaults of {@link RuleThresholds}: every rule of RULES.md, and repeatable answers. */
class RuleBookTest {
    private static final RuleThresholds DEFAULTS = new SmallRyeConfigBuilder().withMapping(RuleThresholds.class).build()
            .getConfigMapping(RuleThresholds.class);
    private static final RuleBook BOOK = RuleBook.standard(DEFAULTS);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"OVL-PAIN-DURING, PainDuringRule", "OVL-PAIN-NEXT-MORNING, PainNextMorningRule",
            "OVL-PAIN-TREND, PainTrendRule", "OVL-FORM-BREAKDOWN, FormBreakdownRule",
            "OVL-SELF-PROGRESSION, SelfProgressionRule", "OVL-EFFORT, EffortRule", "OVL-LOAD-SPIKE, LoadSpikeRule",
            "STL-PLATEAU, PlateauRule", "STL-PAIN, PainStalledRule", "STL-ADHERENCE, AdherenceRule",
            "PRG-2FOR2, TwoForTwoProgressRule", "PRG-PHASE, PhaseAdvanceRule"})
    void everyRuleIsInTheStandardBookOnce(String code, String ruleClass) throws Exception {
        Class<?> rule = Class.forName(Rule.class.getPackageName() + "." + ruleClass);
        assertThat(rule.getField("CODE").get(null)).isEqualTo(code);
        assertThat(BOOK.rules()).hasSize(12).filteredOn(rule::isInstance).hasSize(1);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "painDuringLimit, 5", "painDuringHighFrom, 8", "nextMorningRise, 2", "nextMorningLookBack, PT36H",
            "nextMorningRepeatWindow, PT336H", "painTrendRise, 1.0", "painTrendWeeksRunning, 2",
            "formBreakdownSessions, 2", "selfProgressionTolerance, 0.10", "effortHighRpe, 9", "effortShortfall, 0.80",
            "effortSessions, 2", "loadSpikeRatio, 1.5", "loadSpikeHistoryDays, 28", "loadSpikeAcuteDays, 7",
            "loadSpikeChronicDays, 28", "plateauSessions, 6", "plateauSpanDays, 21", "painStalledAfterDays, 28",
            "painStalledWindowDays, 14", "painStalledImprovement, 1.0", "adherenceGraceDays, 7",
            "adherenceWindowDays, 14", "adherenceShare, 0.70", "adherenceMissedInARow, 3", "progressMargin, 2",
            "progressSessions, 2", "meetsMaxPain, 3", "phaseOneMinimumWeeks, 2", "phaseTwoMinimumWeeks, 4",
            "phaseAdherence, 0.80", "phaseLastSessions, 2",
    })
    void defaultsAreTheNumbersOfRulesMd(String threshold, String expected) throws Exception {
        assertThat(String.valueOf(RuleThresholds.class.getMethod(threshold).invoke(DEFAULTS))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "trigger {0}")
    @CsvSource({"SCHEDULE", "SESSION", "CHECK_IN"})
    void theSameHistoryGivesEqualFindingsAndProgressRaisesNoAlert(String trigger) {
        Histories h = history().perWeek(5);
        WorkoutLogged last = null;
        for (int d = 0; d < 30; d += 3) {
            last = h.session(d + 0.75, 2, 9, 40 + d, clamshell(Math.min(9, d / 3), Form.SLIPPED, 15, 15),
                    entry("single-leg-deadlift", Form.CLEAN, 1, "10@4 10@4 12@5"),
                    entry("lateral-band-walk", Form.CLEAN, 1, "22@LIGHT 22@LIGHT"));
            h.checkIn(d + 1.3, Math.min(10, d / 3 + 4), PainKind.NEXT_MORNING);
        }
        PainReported checkIn = h.checkIn(28.6, 10, PainKind.NEXT_MORNING);
        History history = h.build();
        Trigger t = switch (trigger) {
            case "SESSION" -> Trigger.session(last.sessionId());
            case "CHECK_IN" -> new Trigger(null, checkIn.checkInId());
            default -> Trigger.SCHEDULE;
        };
        Instant now = day(29.6);

        List<Finding> once = BOOK.evaluate(history, t, now);
        List<Finding> again = BOOK.evaluate(history, t, now);

        assertThat(once).isNotEmpty().isEqualTo(again);
        assertThat(BOOK.evaluate(history, t, day(29.9))).as("later the same day").isEqualTo(once);
        assertThat(once).allSatisfy(f -> {
            assertThat(f.severity() == null).as(f.ruleCode()).isEqualTo(f.category() == null);
            assertThat(f.category() == null).as(f.ruleCode()).isEqualTo(f.ruleCode().startsWith("PRG-"));
        });
    }

    @Test
    void aBacklogsTriggersShareTheWindowRulesFindingsSoTheyRunForTheFirstOnly() {
        Histories h = history().perWeek(3);
        List<Trigger> triggers = new ArrayList<>();
        for (int d = 0; d < 40; d += 2) {
            WorkoutLogged s = h.session(d + 0.75, 8, 9, 60, clamshell(Math.min(9, d / 4), Form.CLEAN, 15, 15),
                    entry("single-leg-deadlift", Form.SLIPPED, Math.min(9, d / 4), "10@4 10@4 8@4"));
            triggers.add(Trigger.session(s.sessionId()));
            triggers.add(Trigger.checkIn(h.checkIn(d + 1.3, Math.min(10, d / 4 + 2), PainKind.NEXT_MORNING).checkInId()));
        }
        History history = h.build();
        Instant now = day(40.5);
        List<Finding> first = BOOK.evaluate(history, triggers.get(0), now);
        assertThat(windowFindings(first)).as("what the window rules find in this history").isNotEmpty();

        List<List<Finding>> each = BOOK.evaluateEach(history, triggers, now);

        assertThat(each).hasSize(triggers.size());
        assertThat(each.get(0)).isEqualTo(first);
        for (int i = 1; i < triggers.size(); i++) {
            List<Finding> alone = BOOK.evaluate(history, triggers.get(i), now);
            assertThat(windowFindings(alone)).as("window findings of trigger %d", i).isEqualTo(windowFindings(first));
            assertThat(each.get(i)).as("trigger %d", i)
                    .isEqualTo(alone.stream().filter(f -> !WINDOW_RULES.contains(f.ruleCode())).toList());
        }
        assertThat(each.stream().skip(1).flatMap(List::stream).toList()).as("the rules about a trigger's own event")
                .isNotEmpty();
    }

    private static final Set<String> WINDOW_RULES = Set.of(PainTrendRule.CODE, LoadSpikeRule.CODE,
            PainStalledRule.CODE, AdherenceRule.CODE, PhaseAdvanceRule.CODE);

    private static List<Finding> windowFindings(List<Finding> findings) {
        return findings.stream().filter(f -> WINDOW_RULES.contains(f.ruleCode())).toList();
    }

    @Test
    void theWindowRulesAreThoseOverTime() {
        assertThat(BOOK.rules()).filteredOn(WindowRule.class::isInstance)
                .extracting(rule -> rule.getClass().getSimpleName())
                .containsExactlyInAnyOrder("PainTrendRule", "LoadSpikeRule", "PainStalledRule", "AdherenceRule",
                        "PhaseAdvanceRule");
    }
}
