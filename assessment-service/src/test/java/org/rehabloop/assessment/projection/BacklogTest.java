package org.rehabloop.assessment.projection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.ClinicianView;
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
            return Map.of("rehabloop.assessment.backlog-from", "1", "rehabloop.assessment.backlog-after", "PT0S");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    PatientLock patientLock;

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
        events.slippedTwiceThenAMorningThatDidNotSettle(known, knownProgram);
        UUID late = UUID.randomUUID();
        UUID lateProgram = UUID.randomUUID();
        events.slippedTwiceThenAMorningThatDidNotSettle(late, lateProgram);
        events.programmeIssued(lateProgram, late, clinician, LocalDate.now().minusDays(7));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ClinicianView.alerts(clinician, known)).isEqualTo(expected);
            assertThat(ClinicianView.alerts(clinician, late)).isEqualTo(expected);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> unjudged(knownProgram) == 0 && unjudged(lateProgram) == 0);
        List<Map<String, Object>> items = as("clinician", clinician).queryParam("patientId", known).get("/v1/alerts").path("items");
        assertThat(items).filteredOn(a -> "OVL-FORM-BREAKDOWN".equals(a.get("ruleCode")))
                .singleElement().satisfies(a -> assertThat((List<?>) a.get("evidence")).hasSize(2));
    }

    /**
     * A backlog's sessions are stored whoever holds their patient's lock; the judge takes the locks it can without
     * waiting (one that waited for a lane while the lane waited for one it held was a deadlock, a second lost each
     * time): it judges the patients no one holds and comes back for the others once they are let go.
     */
    @Test
    void aBacklogsSessionsAreStoredWhileTheirPatientIsHeldAndJudgedOnceLetGoWithoutHoldingUpOthers() throws Exception {
        UUID patient = UUID.randomUUID();
        UUID program = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID otherProgram = UUID.randomUUID();
        events.programmeIssued(program, patient, clinician, LocalDate.now().minusDays(7));
        events.programmeIssued(otherProgram, other, clinician, LocalDate.now().minusDays(7));
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                PatientProgram.findById(program) != null && PatientProgram.findById(otherProgram) != null));
        // another transaction holds the patient's lock, as a lane does while it applies that patient's events
        try (HeldLock held = HeldLock.of(patientLock, patient)) {
            Instant day = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.DAYS);
            events.logged(Events.session(patient, program, day, 2, Form.CLEAN));
            events.logged(Events.session(patient, program, day.plus(1, ChronoUnit.DAYS), 7, Form.CLEAN));
            events.logged(Events.session(other, otherProgram, day.plus(1, ChronoUnit.DAYS), 7, Form.CLEAN));
            // a backlog's consumer stores them without waiting for the lock; the judge judges the other patient's
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ClinicianView.alerts(clinician, other))
                    .contains("OVL-PAIN-DURING/clamshell/MEDIUM/DELOAD/OPEN"));
            assertThat(unjudged(otherProgram)).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> unjudged(program) == 2);
            assertThat(ClinicianView.alerts(clinician, patient)).isEmpty();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ClinicianView.alerts(clinician, patient))
                .contains("OVL-PAIN-DURING/clamshell/MEDIUM/DELOAD/OPEN"));
        assertThat(unjudged(program)).isZero();
    }

    private static long unjudged(UUID programId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) PainRecord.getEntityManager().createNativeQuery(
                "SELECT count(*) FROM session_record WHERE program_id = ?1 AND NOT assessed").setParameter(1, programId)
                .getSingleResult()).longValue());
    }

}
