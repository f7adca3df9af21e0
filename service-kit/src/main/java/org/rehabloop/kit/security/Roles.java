package org.rehabloop.kit.security;

/** The {@code groups} claim values of DESIGN.md. */
public final class Roles {
    public static final String PATIENT = "patient";
    public static final String CLINICIAN = "clinician";
    public static final String PARTNER = "partner";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
