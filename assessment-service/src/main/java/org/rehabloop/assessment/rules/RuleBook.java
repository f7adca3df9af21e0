package org.rehabloop.assessment.rules;

import java.time.Instant;
import java.util.List;

/** Every rule, run in one pass; the live path and {@code /v1/simulate} both use it. */
public final class RuleBook {
    private final List<Rule> rules;

    public RuleBook(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static RuleBook standard(RuleThresholds thresholds) {
        return new RuleBook(List.of(new PainDuringRule(thresholds.painDuringLimit(), thresholds.painDuringHighFrom())));
    }

    public List<Finding> evaluate(History history, Trigger trigger, Instant now) {
        return rules.stream().flatMap(rule -> rule.evaluate(history, trigger, now).stream()).toList();
    }
}
