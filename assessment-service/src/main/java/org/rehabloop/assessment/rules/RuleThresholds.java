package org.rehabloop.assessment.rules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The numbers of RULES.md, overridable per deployment ({@code REHABLOOP_RULES_PAIN_DURING_LIMIT=...}). */
@ConfigMapping(prefix = "rehabloop.rules")
public interface RuleThresholds {
    /** Pain during an exercise above this is an overload (pain-monitoring model). */
    @WithDefault("5")
    int painDuringLimit();

    /** From this pain on, the overload is HIGH. */
    @WithDefault("8")
    int painDuringHighFrom();
}
