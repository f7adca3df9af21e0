package org.rehabloop.contracts;

/** What kind of problem an alert reports. */
public enum AlertCategory {
    OVERLOAD, STALLED
}
