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

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A transaction is a backlog by how long its events waited in the topic, not by how many there are alone: every
 * transaction here is large enough ({@code backlog-from} 1), but only events published a minute or more ago go to the
 * {@link BacklogJudge}. Events a few seconds old are a busy hour: the lane judges them, under their patients' locks.
 */
@QuarkusTest
@TestProfile(BacklogAgeTest.OldEventsABacklog.class)
class BacklogAgeTest {
    public static class OldEventsABacklog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rehabloop.assessment.backlog-from", "1", "rehabloop.assessment.backlog-after", "PT1M");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    PatientLock patientLock;

    private KafkaCompanion kafka;
    private Events events;
    private final UUID clinician = UUID.randomUUID();
    private final UUID patient = UUID.randomUUID();
    private final UUID program = UUID.randomUUID();

    @BeforeEach
    void issued() {
        kafka = new KafkaCompanion(bootstrapServers);
        events = new Events(kafka);
        events.programmeIssued(program, patient, clinician, LocalDate.now().minusDays(7));
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                PatientProgram.findById(program) != null));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void aSessionPublishedJustNowIsJudgedInItsLaneUnderItsPatientsLock() throws Exception {
        Instant day = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.DAYS);
        try (HeldLock held = HeldLock.of(patientLock, patient)) {
            events.logged(Events.session(patient, program, day, 7, Form.CLEAN));
            // the lane waits for the lock: nothing is stored meanwhile (a backlog's session would be, at once)
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> stored() == 0);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ClinicianView.alerts(clinician, patient))
                .contains("OVL-PAIN-DURING/clamshell/MEDIUM/DELOAD/OPEN"));
        assertThat(stored()).isEqualTo(1);
        assertThat(unjudged()).isZero();
    }

    @Test
    void aSessionPublishedAMinuteAgoIsABacklogsStoredWhileItsPatientIsHeldAndJudgedOnceLetGo() throws Exception {
        Instant day = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.DAYS);
        try (HeldLock held = HeldLock.of(patientLock, patient)) {
            events.logged(Events.session(patient, program, day, 7, Form.CLEAN), Instant.now().minus(2, ChronoUnit.MINUTES));
            await().atMost(Duration.ofSeconds(20)).until(() -> unjudged() == 1);
            assertThat(ClinicianView.alerts(clinician, patient)).isEmpty();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ClinicianView.alerts(clinician, patient))
                .contains("OVL-PAIN-DURING/clamshell/MEDIUM/DELOAD/OPEN"));
        assertThat(unjudged()).isZero();
    }

    private long stored() {
        return count("SELECT count(*) FROM session_record WHERE program_id = ?1");
    }

    private long unjudged() {
        return count("SELECT count(*) FROM session_record WHERE program_id = ?1 AND NOT assessed");
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) PainRecord.getEntityManager().createNativeQuery(sql)
                .setParameter(1, program).getSingleResult()).longValue());
    }
}
