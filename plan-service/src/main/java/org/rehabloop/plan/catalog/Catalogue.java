package org.rehabloop.plan.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.rehabloop.contracts.Unit;
import org.rehabloop.kit.jdbc.Sql;

import java.util.HashMap;
import java.util.Map;

/**
 * What the dose arithmetic reads of the catalogue (each exercise's load type, unit, sides and variations; each
 * template's targets), kept in memory for as long as the catalogue's revision is the one it was read at. Every change of
 * exercises, templates or doses takes a new revision in the database (V3__catalogue_revision.sql), so a copy is never
 * used after a change committed, on whichever instance it was made. Each adjustment used to read the whole catalogue
 * and the template's doses as entities, which Hibernate also copied to compare at commit: a fifth of plan-service's
 * samples over a benchmark run. Now it reads one number.
 */
@ApplicationScoped
public class Catalogue {
    /** An exercise, as the dose arithmetic sees it. */
    public record Entry(String code, LoadType loadType, Unit unit, boolean perSide, String easierCode, String harderCode) {
    }

    /** The catalogue at one revision: exercises by code, and each template's targets by exercise code. */
    public record Snapshot(long revision, Map<String, Entry> exercises, Map<String, Map<String, Integer>> targets) {
        public Map<String, Integer> targets(String templateCode) {
            return targets.getOrDefault(templateCode, Map.of());
        }
    }

    @Inject
    Sql sql;

    private volatile Snapshot kept;

    /**
     * The catalogue as of the caller's transaction. The revision is read first: a change committed between it and the
     * rows can only make the copy newer than its revision says, and the next call then reads it again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Snapshot current() {
        long revision = sql.single("SELECT revision FROM catalogue_revision", Long.class);
        Snapshot snapshot = kept;
        if (snapshot == null || snapshot.revision() != revision) {
            snapshot = read(revision);
            kept = snapshot;
        }
        return snapshot;
    }

    private Snapshot read(long revision) {
        Map<String, Entry> exercises = sql.query("SELECT code, load_type, unit, per_side, easier_code, harder_code FROM exercise",
                rows -> {
                    Map<String, Entry> read = new HashMap<>();
                    while (rows.next()) {
                        read.put(rows.getString(1), new Entry(rows.getString(1), LoadType.valueOf(rows.getString(2)),
                                Unit.valueOf(rows.getString(3)), rows.getBoolean(4), rows.getString(5), rows.getString(6)));
                    }
                    return read;
                });
        Map<String, Map<String, Integer>> targets = sql.query("SELECT template_code, exercise_code, target FROM template_prescription",
                rows -> {
                    Map<String, Map<String, Integer>> read = new HashMap<>();
                    while (rows.next()) {
                        read.computeIfAbsent(rows.getString(1), t -> new HashMap<>()).put(rows.getString(2), rows.getInt(3));
                    }
                    return read;
                });
        Map<String, Map<String, Integer>> frozen = new HashMap<>();
        targets.forEach((template, byExercise) -> frozen.put(template, Map.copyOf(byExercise)));
        return new Snapshot(revision, Map.copyOf(exercises), Map.copyOf(frozen));
    }
}
