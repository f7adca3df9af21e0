package org.rehabloop.contracts;

/** CloudEvents {@code type} values. A breaking change of a payload gets a new {@code .vN} type. */
public final class EventTypes {
    public static final String PLAN_ISSUED = "rehabloop.plan.issued.v1";
    public static final String PLAN_ADJUSTED = "rehabloop.plan.adjusted.v1";
    public static final String WORKOUT_LOGGED = "rehabloop.workout.logged.v1";
    public static final String PAIN_REPORTED = "rehabloop.pain.reported.v1";
    public static final String ADJUSTMENT_REQUESTED = "rehabloop.adjustment.requested.v1";
    public static final String ALERT_RAISED = "rehabloop.alert.raised.v1";
    public static final String ALERT_UPDATED = "rehabloop.alert.updated.v1";

    private EventTypes() {
    }
}
