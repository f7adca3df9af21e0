package org.rehabloop.assessment.alert;

import org.rehabloop.assessment.rules.Finding;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Titles and messages a clinician takes in at a glance. */
final class AlertWording {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private AlertWording() {
    }

    static String title(Finding finding) {
        return switch (finding.ruleCode()) {
            case "OVL-PAIN-DURING" -> "High pain during " + exercise(finding.exerciseCode());
            default -> finding.ruleCode() + (finding.exerciseCode() == null ? "" : " on " + exercise(finding.exerciseCode()));
        };
    }

    static String message(Finding finding) {
        Finding.Evidence e = finding.evidence().get(finding.evidence().size() - 1);
        String adjustment = finding.adjustment() == null ? "for your review"
                : finding.adjustment().type().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " requested";
        return switch (finding.ruleCode()) {
            case "OVL-PAIN-DURING" -> "Pain " + e.value().toPlainString() + "/10 during " + exercise(finding.exerciseCode())
                    + " on " + DAY.format(e.at()) + ", above the " + e.threshold().toPlainString() + "/10 limit; " + adjustment + ".";
            default -> finding.ruleCode() + ": " + e.metric() + " " + e.value().toPlainString() + " against "
                    + e.threshold().toPlainString() + " on " + DAY.format(e.at()) + "; " + adjustment + ".";
        };
    }

    /** {@code single-leg-deadlift} reads as "single-leg deadlift". */
    static String exercise(String code) {
        if (code == null) {
            return "the programme";
        }
        int last = code.lastIndexOf('-');
        return last < 0 ? code : code.substring(0, last) + " " + code.substring(last + 1);
    }
}
