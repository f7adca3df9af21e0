package org.rehabloop.assessment.alert;

import org.rehabloop.assessment.rules.Finding;
import org.rehabloop.contracts.AdjustmentOutcome;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Prescription;

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

    /** The message with its last clause saying what became of the adjustment. */
    static String withOutcome(String message, AdjustmentType type, AdjustmentOutcome outcome, Prescription before,
            Prescription after, String reason) {
        String what = type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String clause = switch (outcome) {
            case APPLIED -> before != null && after != null && !before.equals(after)
                    ? what + " applied: " + dose(before) + " -> " + (after.exerciseCode().equals(before.exerciseCode())
                    ? "" : exercise(after.exerciseCode()) + " ") + dose(after)
                    : what + " applied";
            case PROPOSED -> what + " proposed, waiting for your approval";
            case REJECTED -> what + " not applied" + (reason == null ? "" : " (" + reason + ")");
        };
        int last = message.lastIndexOf("; ");
        return (last < 0 ? message.substring(0, message.length() - 1) : message.substring(0, last)) + "; " + clause + ".";
    }

    static String dose(Prescription p) {
        return p.sets() + " x " + p.target()
                + (p.loadKg() != null ? " at " + p.loadKg().stripTrailingZeros().toPlainString() + " kg" : "")
                + (p.band() != null ? " on a " + p.band().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " band" : "");
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
