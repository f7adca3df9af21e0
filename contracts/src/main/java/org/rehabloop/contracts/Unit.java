package org.rehabloop.contracts;

/** What an exercise's count measures. */
public enum Unit {
    REPS, STEPS, SECONDS, MINUTES
}
