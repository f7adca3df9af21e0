package org.rehabloop.contracts;

/** When a pain check-in was made. */
public enum PainKind {
    NEXT_MORNING, DAILY
}
