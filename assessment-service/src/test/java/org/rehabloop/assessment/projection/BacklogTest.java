package org.rehabloop.assessment.projection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.Events;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rehabloop.assessment.Auth.as;

/**
 * Every consumer transaction counted as a backlog: sessions are stored unjudged and judged a programme at a time by the
 * {@link BacklogJudge}, with the alerts that judging each as it came raises, and none is left unjudged.
 */
@QuarkusTest
@TestProfile(BacklogTest.EveryTransactionABacklog.class)
class BacklogTest {
    public static class EveryTransactionABacklog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rehabloop.assessment.backlog-from", "1");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaCompanion kafka;
    private Events events;
    private final UUID clinician = UUID.randomUUID();

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrapServers);
        events = new Events(kafka);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void theSessionsOfABacklogRaiseTheAlertsThatJudgingEachAsItCameRaises() {
        // two sessions in the programme's second week are also too few (STL-ADHERENCE)
        Set<String> expected = Set.of("OVL-FORM-BREAKDOWN/clamshell/MEDIUM/DELOAD/OPEN",
                "OVL-PAIN-DURING/clamshell/MEDIUM/DELOAD/OPEN", "OVL-PAIN-NEXT-MORNING/clamshell/MEDIUM/HOLD/OPEN",
                "STL-ADHERENCE/null/LOW/null/OPEN");
        // a programme known before its sessions, and one whose sessions wait for it in the backlog
        UUID known = UUID.randomUUID();
        UUID knownProgram = UUID.randomUUID();
        events.programmeIssued(knownProgram, known, clinician, LocalDate.now().minusDays(7));
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                PatientProgram.findById(knownProgram) != null));
        send(known, knownProgram);
        UUID late = UUID.randomUUID();
        UUID lateProgram = UUID.randomUUID();
        send(late, lateProgram);
        events.programmeIssued(lateProgram, late, clinician, LocalDate.now().minusDays(7));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(alerts(known)).isEqualTo(expected);
            assertThat(alerts(late)).isEqualTo(expected);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> unjudged(knownProgram) == 0 && unjudged(lateProgram) == 0);
        List<Map<String, Object>> items = as("clinician", clinician).queryParam("patientId", known).get("/v1/alerts").path("items");
        assertThat(items).filteredOn(a -> "OVL-FORM-BREAKDOWN".equals(a.get("ruleCode")))
                .singleElement().satisfies(a -> assertThat((List<?>) a.get("evidence")).hasSize(2));
    }

    /** Two sessions with form slipping on the clamshell, the second painful, and a morning whose pain did not settle. */
    private void send(UUID patient, UUID programId) {
        Instant day = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.DAYS);
        events.logged(Events.session(patient, programId, day, 2, Form.SLIPPED));
        WorkoutLogged painful = Events.session(patient, programId, day.plus(1, ChronoUnit.DAYS), 7, Form.SLIPPED);
        events.logged(painful);
        events.send("workout.events", "rehabloop.pain.reported.v1", patient, UUID.randomUUID().toString(),
                new PainReported(UUID.randomUUID(), patient, painful.performedAt().plus(15, ChronoUnit.HOURS), 6,
                        PainKind.NEXT_MORNING, Instant.now()));
    }

    private static long unjudged(UUID programId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) PainRecord.getEntityManager().createNativeQuery(
                "SELECT count(*) FROM session_record WHERE program_id = ?1 AND NOT assessed").setParameter(1, programId)
                .getSingleResult()).longValue());
    }

    /** What a clinician sees of each alert of the patient: rule, exercise, severity, adjustment, status. */
    private Set<String> alerts(UUID patient) {
        List<Map<String, Object>> items = as("clinician", clinician).queryParam("patientId", patient)
                .get("/v1/alerts").path("items");
        return items.stream().map(a -> a.get("ruleCode") + "/" + a.get("exerciseCode") + "/" + a.get("severity") + "/"
                + (a.get("adjustment") instanceof Map<?, ?> adjustment ? adjustment.get("type") : null) + "/"
                + a.get("status")).collect(Collectors.toSet());
    }
}
