package org.rehabloop.assessment.projection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.Events;
import org.rehabloop.assessment.rules.History;
import org.rehabloop.assessment.rules.RuleThresholds;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.contracts.WorkoutLogged;
import org.rehabloop.kit.jdbc.Sql;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A history holds exactly the sessions the rules may look at: the window ({@code historyDays} back), the programme's
 * first weeks, the latest {@code historySessions} and the very first, in whatever shape the programme's sessions
 * take. The expected set is that definition written as plainly as SQL allows (a union of the four), run on the same
 * table; the history is read one programme at a time and all at once.
 */
@QuarkusTest
class HistoryWindowTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    HistoryRepository histories;

    @Inject
    RuleThresholds thresholds;

    @Inject
    Sql sql;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** When each programme started. */
    private final Map<UUID, LocalDate> starts = new LinkedHashMap<>();

    /** What shape of history each programme has. */
    private final Map<UUID, String> shapes = new LinkedHashMap<>();

    @BeforeEach
    void programmes() throws Exception {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        // a long programme done three times a week: the window holds more than the latest sessions
        programme("three a week", today.minusDays(300), every(3, 1, 299));
        // a long pause, then three sessions: the latest sessions reach back before the window
        List<Integer> paused = every(3, 1, 150);
        paused.addAll(List.of(292, 295, 298));
        programme("a pause", today.minusDays(300), paused);
        // nothing in the first weeks: the very first session is read on its own
        List<Integer> lateStart = every(3, 30, 150);
        lateStart.addAll(List.of(292, 295, 298));
        programme("nothing in the first weeks", today.minusDays(300), lateStart);
        // a young programme: its first weeks and the window overlap
        programme("young", today.minusDays(20), every(2, 0, 19));
        // two sessions at the same time where the latest sessions end (day 124: the ninth before the window; the
        // order then goes by id)
        List<Integer> tied = every(3, 1, 150);
        tied.addAll(List.of(124, 292, 295, 298));
        programme("two at once", today.minusDays(300), tied);
    }

    @Test
    void aHistoryHoldsTheWindowTheFirstWeeksTheLatestSessionsAndTheFirstWhateverTheirShape() {
        for (UUID programId : starts.keySet()) {
            History history = QuarkusTransaction.requiringNew().call(() ->
                    histories.of(programId, Trigger.SCHEDULE, now).orElseThrow());
            assertThat(ids(history)).as(shapes.get(programId)).isEqualTo(expected(programId));
        }
        Map<UUID, Instant> all = new LinkedHashMap<>();
        starts.keySet().forEach(programId -> all.put(programId, now));
        Map<UUID, History> read = QuarkusTransaction.requiringNew().call(() -> histories.ofAll(all, now));
        assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(starts.keySet());
        read.forEach((programId, history) -> assertThat(ids(history)).as(shapes.get(programId)).isEqualTo(expected(programId)));
    }

    @Test
    void theSessionsOfAHistoryAreInEventTimeOrderWithTheirExercises() {
        for (UUID programId : starts.keySet()) {
            History history = QuarkusTransaction.requiringNew().call(() ->
                    histories.of(programId, Trigger.SCHEDULE, now).orElseThrow());
            assertThat(history.sessions()).extracting(WorkoutLogged::performedAt).isSorted();
            assertThat(history.sessions()).allSatisfy(s -> assertThat(s.exercises()).singleElement()
                    .satisfies(e -> assertThat(e.exerciseCode()).isEqualTo("clamshell")));
        }
    }

    private static Set<UUID> ids(History history) {
        Set<UUID> ids = new HashSet<>();
        history.sessions().forEach(s -> ids.add(s.sessionId()));
        assertThat(ids).hasSameSizeAs(history.sessions());
        return ids;
    }

    /** The definition, as a union of its four parts (duplicates removed). */
    private Set<UUID> expected(UUID programId) {
        OffsetDateTime from = OffsetDateTime.ofInstant(now.minus(Duration.ofDays(thresholds.historyDays())), ZoneOffset.UTC);
        OffsetDateTime firstWeeks = starts.get(programId).plusDays(thresholds.painStalledWindowDays())
                .atStartOfDay().atOffset(ZoneOffset.UTC);
        List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> sql.query(
                "SELECT id FROM session_record WHERE program_id = ? AND performed_at >= ? "
                        + "UNION SELECT id FROM session_record WHERE program_id = ? AND performed_at < ? "
                        + "UNION (SELECT id FROM session_record WHERE program_id = ? ORDER BY performed_at DESC, id DESC LIMIT ?) "
                        + "UNION (SELECT id FROM session_record WHERE program_id = ? ORDER BY performed_at, id LIMIT 1)",
                rows -> {
                    List<UUID> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(rows.getObject(1, UUID.class));
                    }
                    return found;
                }, programId, from, programId, firstWeeks, programId, thresholds.historySessions(), programId));
        return new HashSet<>(ids);
    }

    private static List<Integer> every(int days, int first, int last) {
        List<Integer> found = new ArrayList<>();
        for (int day = first; day <= last; day += days) {
            found.add(day);
        }
        return found;
    }

    /** A programme issued over plan.events, then its sessions written as stored and judged ones (by SQL: many, fast). */
    private void programme(String shape, LocalDate start, List<Integer> days) throws Exception {
        UUID programId = UUID.randomUUID();
        UUID patient = UUID.randomUUID();
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            new Events(kafka).programmeIssued(programId, patient, UUID.randomUUID(), start);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> histories.of(programId, Trigger.SCHEDULE, now).isPresent()));
        Set<Integer> seen = new HashSet<>();
        for (int day : days) {
            // at noon: two sessions on one day are at the same instant; their ids are in one order as PostgreSQL
            // compares them (unsigned) and in the other as signed numbers
            Instant at = start.plusDays(day).atTime(12, 0).toInstant(ZoneOffset.UTC);
            UUID id = UUID.randomUUID();
            if (days.indexOf(day) != days.lastIndexOf(day)) {
                long high = id.getMostSignificantBits() & 0x0fffffffffffffffL;
                id = new UUID(seen.add(day) ? high : high | 0xf000000000000000L, id.getLeastSignificantBits());
            }
            UUID sessionId = id;
            QuarkusTransaction.requiringNew().run(() -> sql.update("INSERT INTO session_record (id, patient_id, "
                    + "program_id, program_version, performed_at, duration_minutes, session_rpe, pain_before, exercises, "
                    + "assessed) VALUES (?, ?, ?, 1, ?, 30, 5, 1, CAST(? AS jsonb), true)", sessionId, patient,
                    programId, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), "[{\"exerciseCode\":\"clamshell\","
                            + "\"form\":\"CLEAN\",\"painDuring\":1,\"sets\":[{\"count\":15}]}]"));
        }
        starts.put(programId, start);
        shapes.put(programId, shape);
    }
}
