package org.rehabloop.contracts;

/** A part of a session; sessions keep the article's order ACTIVATION, STRENGTH, FUNCTIONAL, RECOVERY. */
public enum Block {
    ACTIVATION, STRENGTH, FUNCTIONAL, RECOVERY
}
