package org.rehabloop.plan.program;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Prescription;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** One immutable version of a programme: what it prescribed, what changed, why, by whom and when. */
@Entity
@Table(name = "program_version")
@IdClass(ProgramVersion.Key.class)
public class ProgramVersion extends PanacheEntityBase {
    @Id
    public UUID programId;

    @Id
    public int version;

    public int phaseNumber;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<Prescription> prescriptions;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<Change> changes;

    @Enumerated(EnumType.STRING)
    public AdjustmentType adjustmentType;

    public String reason;
    public String ruleCode;
    public UUID alertId;
    public UUID requestId;

    /** A clinician's id, or {@code assessment} for a rule's adjustment. */
    public String changedBy;
    public Instant createdAt;

    /**
     * What changed for one exercise: {@code before} null when it joined, {@code after} null when it left, both equal
     * when only a note applies (a HOLD).
     */
    @Schema(name = "PrescriptionChange", description = "One prescription before and after a change")
    public record Change(String exerciseCode, Prescription before, Prescription after, String note) {

        /** One line for the record: "clamshell: 2 x 15 reps per side -> 1 x 15 reps per side". */
        public String summary() {
            String what = before == null ? dose(after) : after == null ? dose(before) + " -> removed"
                    : before.equals(after) ? dose(after) : dose(before) + " -> "
                    + (after.exerciseCode().equals(exerciseCode) ? "" : after.exerciseCode() + " ") + dose(after);
            return exerciseCode + ": " + what + (note == null ? "" : " (" + note + ")");
        }

        private static String dose(Prescription p) {
            return p.sets() + " x " + p.target() + " " + p.unit().name().toLowerCase(java.util.Locale.ROOT)
                    + (p.perSide() ? " per side" : "")
                    + (p.loadKg() != null ? " at " + p.loadKg().stripTrailingZeros().toPlainString() + " kg" : "")
                    + (p.band() != null ? " on a " + p.band() + " band" : "");
        }
    }

    public static List<ProgramVersion> of(UUID programId) {
        return list("programId = ?1 order by version", programId);
    }

    /** True when a version after {@code version} changed {@code exerciseCode}. */
    public static boolean changedSince(UUID programId, int version, String exerciseCode) {
        return ProgramVersion.<ProgramVersion>list("programId = ?1 and version > ?2", programId, version).stream()
                .flatMap(v -> v.changes.stream())
                // a note that left the dose as it was (a HOLD) does not make a request about that dose stale: a
                // safety DELOAD asked for before the HOLD still applies
                .filter(c -> c.before() == null || !c.before().equals(c.after()))
                .anyMatch(c -> exerciseCode == null || exerciseCode.equals(c.exerciseCode())
                        || (c.after() != null && exerciseCode.equals(c.after().exerciseCode())));
    }

    public static class Key implements Serializable {
        public UUID programId;
        public int version;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(programId, k.programId) && version == k.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(programId, version);
        }
    }
}
