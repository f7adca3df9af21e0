package org.rehabloop.contracts;

/** How urgent an alert is for the clinician. */
public enum Severity {
    LOW, MEDIUM, HIGH
}
