package org.rehabloop.contracts;

/** Resistance band levels, lightest first: the order is the progression. */
public enum Band {
    EXTRA_LIGHT, LIGHT, MEDIUM, HEAVY, EXTRA_HEAVY
}
