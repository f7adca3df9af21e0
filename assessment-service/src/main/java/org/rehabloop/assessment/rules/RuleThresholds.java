package org.rehabloop.assessment.rules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The numbers of RULES.md, each overridable per deployment (e.g. {@code REHABLOOP_RULES_PAIN_DURING_LIMIT=6}). The
 * rules themselves take plain values; this mapping is read only where the rule book is built.
 */
@ConfigMapping(prefix = "rehabloop.rules")
public interface RuleThresholds {
    /** OVL-PAIN-DURING: pain during an exercise above this is an overload (pain-monitoring model). */
    @WithDefault("5")
    int painDuringLimit();

    /** OVL-PAIN-DURING: from this pain on, HIGH. */
    @WithDefault("8")
    int painDuringHighFrom();

    /** OVL-PAIN-NEXT-MORNING: how much above the session's painBefore the morning pain must be. */
    @WithDefault("2")
    int nextMorningRise();

    /** OVL-PAIN-NEXT-MORNING: how long before the check-in the session it judges may be. */
    @WithDefault("PT36H")
    Duration nextMorningLookBack();

    /** OVL-PAIN-NEXT-MORNING: a second time within this window deloads instead of holding. */
    @WithDefault("P14D")
    Duration nextMorningRepeatWindow();

    /** OVL-PAIN-TREND: rise of the weekly mean, two weeks running. */
    @WithDefault("1.0")
    BigDecimal painTrendRise();

    /** OVL-PAIN-TREND: in how many weeks running. */
    @WithDefault("2")
    int painTrendWeeksRunning();

    /** OVL-FORM-BREAKDOWN: in how many consecutive sessions of the exercise the form slipped. */
    @WithDefault("2")
    int formBreakdownSessions();

    /** OVL-SELF-PROGRESSION: share above the prescribed load still accepted. */
    @WithDefault("0.10")
    BigDecimal selfProgressionTolerance();

    /** OVL-EFFORT: sessionRpe from which a session was too hard. */
    @WithDefault("9")
    int effortHighRpe();

    /** OVL-EFFORT: share of the prescribed total below which the patient fell short. */
    @WithDefault("0.80")
    BigDecimal effortShortfall();

    /** OVL-EFFORT: in how many consecutive sessions. */
    @WithDefault("2")
    int effortSessions();

    /** OVL-LOAD-SPIKE: acute:chronic ratio from which the flag is raised. */
    @WithDefault("1.5")
    BigDecimal loadSpikeRatio();

    /** OVL-LOAD-SPIKE: UTC days of history needed, and the acute and chronic windows in UTC days. */
    @WithDefault("28")
    int loadSpikeHistoryDays();

    @WithDefault("7")
    int loadSpikeAcuteDays();

    @WithDefault("28")
    int loadSpikeChronicDays();

    /** STL-PLATEAU: sessions of the exercise compared (the last half against the half before). */
    @WithDefault("6")
    int plateauSessions();

    /** STL-PLATEAU: UTC days from the exercise's first session to its latest, at least. */
    @WithDefault("21")
    int plateauSpanDays();

    /** STL-PAIN: days into the programme before it is judged, and the windows compared. */
    @WithDefault("28")
    int painStalledAfterDays();

    @WithDefault("14")
    int painStalledWindowDays();

    @WithDefault("1.0")
    BigDecimal painStalledImprovement();

    /** STL-ADHERENCE. */
    @WithDefault("7")
    int adherenceGraceDays();

    @WithDefault("14")
    int adherenceWindowDays();

    @WithDefault("0.70")
    BigDecimal adherenceShare();

    @WithDefault("3")
    int adherenceMissedInARow();

    /** PRG-2FOR2: reps beyond the target in the last set, and in how many sessions running. */
    @WithDefault("2")
    int progressMargin();

    @WithDefault("2")
    int progressSessions();

    /** PRG-2FOR2 and PRG-PHASE: the highest painDuring with which an entry still meets its prescription. */
    @WithDefault("3")
    int meetsMaxPain();

    /** PRG-PHASE: minimum weeks of phases 1 and 2 (the last phase has none), and adherence in the phase. */
    @WithDefault("2")
    int phaseOneMinimumWeeks();

    @WithDefault("4")
    int phaseTwoMinimumWeeks();

    @WithDefault("0.80")
    BigDecimal phaseAdherence();

    /** PRG-PHASE: how many of the latest sessions must meet their prescriptions. */
    @WithDefault("2")
    int phaseLastSessions();

    /**
     * How far back, in days before the event being judged, the history is read for the rules: at least the longest
     * window of any rule (28 days of OVL-LOAD-SPIKE). Older history is read only where a rule needs it: the
     * programme's first sessions and check-ins (STL-PAIN), the current phase (PRG-PHASE), the latest sessions of each
     * exercise (STL-PLATEAU, OVL-FORM-BREAKDOWN, OVL-EFFORT, PRG-2FOR2). So an event costs the same after years.
     */
    @WithDefault("42")
    int historyDays();

    /** The latest sessions always read, however old: enough for the rules that count sessions, not days. */
    @WithDefault("12")
    int historySessions();
}
