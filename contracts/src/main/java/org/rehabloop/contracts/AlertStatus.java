package org.rehabloop.contracts;

/** Where an alert is in the clinician's work. */
public enum AlertStatus {
    OPEN, ACKNOWLEDGED, RESOLVED
}
