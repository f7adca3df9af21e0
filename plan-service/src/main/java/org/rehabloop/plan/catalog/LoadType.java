package org.rehabloop.plan.catalog;

/** How an exercise is made harder: reps only, a band level, added kilograms, or a device's dose. */
public enum LoadType {
    BODYWEIGHT, BAND, EXTERNAL, DEVICE
}
