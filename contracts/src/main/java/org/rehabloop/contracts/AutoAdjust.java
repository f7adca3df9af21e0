package org.rehabloop.contracts;

/** Which adjustments plan-service applies by itself; the rest wait for the clinician as proposals. */
public enum AutoAdjust {
    NONE, SAFE, ALL
}
