package org.rehabloop.assessment.projection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.Events;
import org.rehabloop.assessment.rules.History;
import org.rehabloop.assessment.rules.Trigger;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.WorkoutLogged;
import org.rehabloop.kit.jdbc.Sql;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A history's sessions carry the exercises stored in the table, whether parsed before or read from it now. */
@QuarkusTest
class ParsedSessionsTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    HistoryRepository histories;

    @Inject
    ParsedSessions parsed;

    @Inject
    Sql sql;

    private final UUID patient = UUID.randomUUID();
    private final UUID programId = UUID.randomUUID();

    private History history() {
        return QuarkusTransaction.requiringNew().call(() -> histories.of(programId, Trigger.SCHEDULE, Instant.now()).orElseThrow());
    }

    private void issued() throws Exception {
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            new Events(kafka).programmeIssued(programId, patient, UUID.randomUUID(), LocalDate.now().minusDays(10));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> histories.of(programId, Trigger.SCHEDULE, Instant.now()).isPresent()));
    }

    @Test
    void aSessionConsumedHereIsKeptParsedOnceStoredAndItsHistoryCarriesItsExercises() throws Exception {
        issued();
        WorkoutLogged session = Events.session(patient, programId,
                Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS), 4, Form.SLIPPED);
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            new Events(kafka).logged(session);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> parsed.get(session.sessionId()) != null);

        assertThat(parsed.get(session.sessionId())).isEqualTo(session.exercises());
        assertThat(history().sessions()).singleElement().satisfies(s -> {
            assertThat(s.sessionId()).isEqualTo(session.sessionId());
            assertThat(s.exercises()).isEqualTo(session.exercises());
            assertThat(s.performedAt()).isEqualTo(session.performedAt());
        });
    }

    @Test
    void aSessionStoredBeforeThisInstanceIsReadFromTheTableOnceAndKept() throws Exception {
        issued();
        UUID id = UUID.randomUUID();
        Instant at = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        // as an earlier instance stored it: the exercises exist only as the table's JSON
        QuarkusTransaction.requiringNew().run(() -> sql.update("INSERT INTO session_record (id, patient_id, program_id, "
                + "program_version, performed_at, duration_minutes, session_rpe, pain_before, exercises, assessed) "
                + "VALUES (?, ?, ?, 1, ?, 30, 6, 1, CAST(? AS jsonb), true)", id, patient, programId,
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC), "[{\"exerciseCode\":\"clamshell\",\"form\":\"CLEAN\","
                        + "\"painDuring\":2,\"sets\":[{\"count\":12},{\"count\":14,\"side\":\"LEFT\"}]}]"));
        assertThat(parsed.get(id)).isNull();

        List<WorkoutLogged.Entry> read = history().sessions().get(0).exercises();

        assertThat(read).singleElement().satisfies(e -> {
            assertThat(e.exerciseCode()).isEqualTo("clamshell");
            assertThat(e.painDuring()).isEqualTo(2);
            assertThat(e.sets()).extracting(WorkoutLogged.SetDone::count).containsExactly(12, 14);
        });
        assertThat(parsed.get(id)).isEqualTo(read);
        assertThat(history().sessions().get(0).exercises()).isEqualTo(read);
        assertThatThrownBy(() -> parsed.get(id).add(read.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Inject
    TransactionSynchronizationRegistry registry;

    @Test
    void theOldestToArriveLeavesFirstEvenWhenItWasJustRead() {
        ParsedSessions two = new ParsedSessions(); // not the service's: its consumers fill that one meanwhile
        two.transaction = registry;
        two.most = 2;
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        List<WorkoutLogged.Entry> exercises = Events.session(patient, programId, Instant.now(), 1, Form.CLEAN).exercises();
        two.read(first, exercises);
        two.read(second, exercises);
        assertThat(two.get(first)).isEqualTo(exercises); // a read does not move it: reads write nothing

        two.read(third, exercises);

        assertThat(two.get(first)).isNull();
        assertThat(two.get(second)).isEqualTo(exercises);
        assertThat(two.get(third)).isEqualTo(exercises);
    }

    @Test
    void whatARolledBackTransactionStoredIsNotKept() {
        UUID id = UUID.randomUUID();
        List<WorkoutLogged.Entry> exercises = Events.session(patient, programId, Instant.now(), 1, Form.CLEAN).exercises();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            parsed.stored(id, exercises);
            assertThat(parsed.get(id)).isEqualTo(exercises); // its own transaction knows it
            throw new IllegalStateException("rolled back");
        })).hasMessageContaining("rolled back");

        assertThat(parsed.get(id)).isNull();
    }
}
