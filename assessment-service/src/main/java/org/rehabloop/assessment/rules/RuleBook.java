package org.rehabloop.assessment.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every rule, run in one pass; the live path, the daily run and {@code /v1/simulate} all use it. */
public final class RuleBook {
    private final List<Rule> rules;

    public RuleBook(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static RuleBook standard(RuleThresholds t) {
        return new RuleBook(List.of(
                new PainDuringRule(t.painDuringLimit(), t.painDuringHighFrom()),
                new PainNextMorningRule(t.nextMorningRise(), t.nextMorningLookBack(), t.nextMorningRepeatWindow()),
                new PainTrendRule(t.painTrendRise(), t.painTrendWeeksRunning()),
                new FormBreakdownRule(t.formBreakdownSessions()),
                new SelfProgressionRule(t.selfProgressionTolerance()),
                new EffortRule(t.effortHighRpe(), t.effortShortfall(), t.effortSessions()),
                new LoadSpikeRule(t.loadSpikeRatio(), t.loadSpikeHistoryDays(), t.loadSpikeAcuteDays(), t.loadSpikeChronicDays()),
                new PlateauRule(t.plateauSessions(), t.plateauSpanDays(), Variations.hipStrength()),
                new PainStalledRule(t.painStalledAfterDays(), t.painStalledWindowDays(), t.painStalledImprovement()),
                new AdherenceRule(t.adherenceGraceDays(), t.adherenceWindowDays(), t.adherenceShare(), t.adherenceMissedInARow()),
                new TwoForTwoProgressRule(t.progressMargin(), t.progressSessions(), t.meetsMaxPain()),
                new PhaseAdvanceRule(Map.of(1, t.phaseOneMinimumWeeks(), 2, t.phaseTwoMinimumWeeks()),
                        t.phaseAdherence(), t.phaseLastSessions(), t.meetsMaxPain())));
    }

    /** The rules, in the order they run. */
    public List<Rule> rules() {
        return rules;
    }

    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        return rules.stream().flatMap(rule -> rule.evaluate(history, trigger, now).stream()).toList();
    }

    /**
     * The findings of each of {@code triggers} over one history at one time, in order: {@link #evaluate} for the first;
     * for the others, only the rules about their own session or check-in. A {@link WindowRule} would find for them
     * exactly what it found for the first (a backlog judges a programme's waiting sessions together), and the same
     * finding twice adds nothing.
     */
    public List<List<Finding>> evaluateEach(History history, List<Trigger> triggers, Instant now) {
        List<List<Finding>> each = new ArrayList<>(triggers.size());
        for (int i = 0; i < triggers.size(); i++) {
            Trigger trigger = triggers.get(i);
            each.add(i == 0 ? evaluate(history, trigger, now) : rules.stream().filter(rule -> !(rule instanceof WindowRule))
                    .flatMap(rule -> rule.evaluate(history, trigger, now).stream()).toList());
        }
        return each;
    }
}
