package org.rehabloop.contracts;

/** The side a set was done on; a set without a side was done on each side. */
public enum Side {
    LEFT, RIGHT
}
