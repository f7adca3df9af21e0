package org.rehabloop.contracts;

/** How the patient judged their form on an exercise. */
public enum Form {
    CLEAN, SLIPPED
}
