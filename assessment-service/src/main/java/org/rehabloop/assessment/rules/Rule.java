package org.rehabloop.assessment.rules;

import java.time.Instant;
import java.util.List;

/** A clinical rule of RULES.md: the history in, its findings out. Time is an argument; rules keep no clock. */
public interface Rule {
    List<Finding> evaluate(History history, Trigger trigger, Instant now);
}
