package org.rehabloop.contracts;

/** The adjustments of RULES.md. */
public enum AdjustmentType {
    PROGRESS, DELOAD, HOLD, SUBSTITUTE, ADVANCE_PHASE
}
