package org.rehabloop.contracts;

import java.util.List;

/** The Kafka topics of DESIGN.md. Every record's key is the patient id, so one patient's events stay in order. */
public final class Topics {
    public static final String PLAN_EVENTS = "plan.events";
    public static final String WORKOUT_EVENTS = "workout.events";
    public static final String PLAN_ADJUSTMENTS = "plan.adjustments";
    public static final String ASSESSMENT_ALERTS = "assessment.alerts";

    public static final List<String> ALL = List.of(PLAN_EVENTS, WORKOUT_EVENTS, PLAN_ADJUSTMENTS, ASSESSMENT_ALERTS);

    private Topics() {
    }

    /** Where a record that could not be processed goes, with the reason in its headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
