package org.rehabloop.contracts;

/** What plan-service did with an adjustment request. */
public enum AdjustmentOutcome {
    APPLIED, PROPOSED, REJECTED
}
