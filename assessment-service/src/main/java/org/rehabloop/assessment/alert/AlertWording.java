package org.rehabloop.assessment.alert;

import org.rehabloop.assessment.rules.Finding;
import org.rehabloop.contracts.AdjustmentOutcome;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Prescription;
import org.rehabloop.contracts.Severity;

import java.math.BigDecimal;
import java.util.List;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Titles and messages a clinician takes in at a glance. */
final class AlertWording {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private AlertWording() {
    }

    static String title(Finding finding) {
        String on = finding.exerciseCode() == null ? "" : " on " + exercise(finding.exerciseCode());
        return switch (finding.ruleCode()) {
            case "OVL-PAIN-DURING" -> "High pain during " + exercise(finding.exerciseCode());
            case "OVL-PAIN-NEXT-MORNING" -> "Pain did not settle by the next morning";
            case "OVL-PAIN-TREND" -> "Pain rising two weeks running";
            case "OVL-FORM-BREAKDOWN" -> "Form slipping" + on;
            case "OVL-SELF-PROGRESSION" -> "Went heavier than prescribed" + on;
            case "OVL-EFFORT" -> "Sessions too hard" + on;
            case "OVL-LOAD-SPIKE" -> "Training load spiked";
            case "STL-PLATEAU" -> "Plateau" + on;
            case "STL-PAIN" -> "Pain not improving";
            case "STL-ADHERENCE" -> finding.severity() == Severity.MEDIUM ? "Sessions stopped" : "Sessions missed";
            default -> finding.ruleCode() + on;
        };
    }

    static String message(Finding finding) {
        List<Finding.Evidence> evidence = finding.evidence();
        Finding.Evidence e = evidence.get(evidence.size() - 1);
        String what = exercise(finding.exerciseCode());
        String requested = finding.adjustment() == null ? "please review"
                : finding.adjustment().type().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " requested"
                + (finding.adjustment().replacementCode() != null ? " (" + exercise(finding.adjustment().replacementCode()) + ")" : "");
        return switch (finding.ruleCode()) {
            case "OVL-PAIN-DURING" -> "Pain " + plain(e.value()) + "/10 during " + what + " on " + DAY.format(e.at())
                    + ", above the " + plain(e.threshold()) + "/10 limit; " + requested + ".";
            case "OVL-PAIN-NEXT-MORNING" -> "Pain " + plain(e.value()) + "/10 the morning after the session of "
                    + DAY.format(evidence.get(0).at()) + " (pain before it " + plain(evidence.get(0).value()) + "/10, limit "
                    + plain(e.threshold()) + "/10): it did not settle; " + requested + " for " + what + ".";
            case "OVL-PAIN-TREND" -> "Weekly mean pain rose by " + plain(evidence.get(0).value()) + " and then by "
                    + plain(e.value()) + " (limit " + plain(e.threshold()) + " two weeks running); " + requested
                    + (finding.exerciseCode() == null ? "" : " for " + what) + ".";
            case "OVL-FORM-BREAKDOWN" -> "Form slipped on " + what + " in two sessions running ("
                    + DAY.format(evidence.get(0).at()) + " and " + DAY.format(e.at()) + "); " + requested + ".";
            case "OVL-SELF-PROGRESSION" -> ("bandLevel".equals(e.metric()) ? "Used a heavier band than prescribed"
                    : "Used " + plain(e.value()) + " kg, above the " + plain(e.threshold()) + " kg allowed (prescription + 10%),")
                    + " on " + what + " on " + DAY.format(e.at()) + "; " + requested + ".";
            case "OVL-EFFORT" -> ("sessionRpe".equals(e.metric())
                    ? "Session effort " + plain(e.value()) + "/10 (limit " + plain(e.threshold()) + ") in two sessions running"
                    : "Did " + percent(e.value()) + " of the prescribed " + what + " in two sessions running (below "
                    + percent(e.threshold()) + ")") + "; " + requested + (finding.exerciseCode() == null ? "" : " for " + what) + ".";
            case "OVL-LOAD-SPIKE" -> "Training load of the last 7 days is " + plain(e.value()) + " x the 4-week average "
                    + "(flag from " + plain(e.threshold()) + "; a disputed measure, for your judgement).";
            case "STL-PLATEAU" -> "No better best set on " + what + " in its last 3 sessions than in the 3 before, up to "
                    + DAY.format(e.at()) + "; " + requested + ".";
            case "STL-PAIN" -> "Four weeks or more in, pain is " + plain(e.value()) + " lower than in the first two weeks "
                    + "(aim: " + plain(e.threshold()) + " lower); please review.";
            case "STL-ADHERENCE" -> "daysWithoutSession".equals(e.metric())
                    ? "No session for " + plain(e.value()) + " days, three prescribed sessions in a row; please review."
                    : "Only " + plain(e.value()) + "% of the prescribed sessions in the last 14 days (below "
                    + plain(e.threshold()) + "%); please review.";
            default -> finding.ruleCode() + ": " + e.metric() + " " + plain(e.value())
                    + (e.threshold() == null ? "" : " against " + plain(e.threshold())) + " on " + DAY.format(e.at())
                    + "; " + requested + ".";
        };
    }

    private static String plain(BigDecimal value) {
        return value == null ? "-" : value.stripTrailingZeros().toPlainString();
    }

    private static String percent(BigDecimal share) {
        return share == null ? "-" : share.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
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
