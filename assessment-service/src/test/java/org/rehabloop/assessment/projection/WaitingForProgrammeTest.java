package org.rehabloop.assessment.projection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.assessment.ClinicianView;
import org.rehabloop.assessment.Events;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.WorkoutLogged;

import java.nio.charset.StandardCharsets;
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
 * Sessions and check-ins that arrive before their programme (a new instance replaying the topics, plan-service's event
 * late) wait, and are judged together when it comes, over one reading of the history: with the same alerts as when
 * each came after the programme.
 */
@QuarkusTest
class WaitingForProgrammeTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void eventsThatWaitedForTheirProgrammeRaiseTheAlertsTheyRaiseAfterIt() {
        UUID inOrder = UUID.randomUUID();
        UUID inOrderProgram = UUID.randomUUID();
        events.programmeIssued(inOrderProgram, inOrder, clinician, LocalDate.now().minusDays(7));
        await().atMost(Duration.ofSeconds(20)).until(() -> known(inOrderProgram));
        events.slippedTwiceThenAMorningThatDidNotSettle(inOrder, inOrderProgram);

        UUID waited = UUID.randomUUID();
        UUID waitedProgram = UUID.randomUUID();
        events.slippedTwiceThenAMorningThatDidNotSettle(waited, waitedProgram);
        await().atMost(Duration.ofSeconds(20)).until(() -> stored(waitedProgram) == 3);
        events.programmeIssued(waitedProgram, waited, clinician, LocalDate.now().minusDays(7));

        Set<String> expected = Set.of("OVL-FORM-BREAKDOWN", "OVL-PAIN-DURING", "OVL-PAIN-NEXT-MORNING");
        await().atMost(Duration.ofSeconds(30)).until(() -> rules(ClinicianView.alerts(clinician, inOrder)).containsAll(expected)
                && ClinicianView.alerts(clinician, waited).equals(ClinicianView.alerts(clinician, inOrder)));
        assertThat(ClinicianView.alerts(clinician, waited)).isEqualTo(ClinicianView.alerts(clinician, inOrder));
        assertThat(QuarkusTransaction.requiringNew().call(() -> PainRecord.<PainRecord>list("patientId", waited)))
                .allMatch(checkIn -> checkIn.assessed);
    }

    @Test
    void anAlertThatSeveralWaitingSessionsChangeIsPublishedOnceInItsFinalState() throws Exception {
        UUID patient = UUID.randomUUID();
        UUID programId = UUID.randomUUID();
        Instant day = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(4, ChronoUnit.DAYS);
        for (int i = 0; i < 3; i++) {
            events.logged(Events.session(patient, programId, day.plus(i, ChronoUnit.DAYS), 7, Form.CLEAN));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> stored(programId) == 3);
        ConsumerTask<String, String> published = kafka.consumeStrings().fromTopics("assessment.alerts");
        events.programmeIssued(programId, patient, clinician, LocalDate.now().minusDays(7));

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> as("clinician", clinician).queryParam("patientId", patient)
                .get("/v1/alerts").<Integer>path("items.find { it.ruleCode == 'OVL-PAIN-DURING' }.evidence.size()") == 3);
        Thread.sleep(1000); // anything published after the alert was readable
        List<ConsumerRecord<String, String>> painDuring = published.getRecords().stream()
                .filter(r -> patient.toString().equals(r.key()) && r.value().contains("\"OVL-PAIN-DURING\"")).toList();
        published.stop();
        // judged in one pass, the three sessions raise the alert and add to it twice: one event, all three observations
        assertThat(painDuring).hasSize(1);
        assertThat(new String(painDuring.get(0).headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                .isEqualTo("rehabloop.alert.raised.v1");
        assertThat(JSON.readTree(painDuring.get(0).value()).path("evidence").size()).isEqualTo(3);
    }


    /**
     * Both topics' consumers queue a patient's events into one lane, so a lane transaction can hold a patient's
     * sessions, a morning check-in and then their programme's plan.issued. The check-in waits for the programme, and
     * when the programme comes it is judged over a history that holds the sessions that came before it. (The lane is
     * held on the patient's lock while the events queue behind it, so that they share its next transaction.)
     */
    @Test
    void sessionsACheckInAndTheirProgrammeInOneTransactionRaiseTheAlertsTheyRaiseApart() throws Exception {
        UUID patient = UUID.randomUUID();
        UUID programId = UUID.randomUUID();
        try (HeldLock held = HeldLock.of(patientLock, patient)) {
            Instant day = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(4, ChronoUnit.DAYS);
            events.send("workout.events", "rehabloop.pain.reported.v1", patient, UUID.randomUUID().toString(),
                    new PainReported(UUID.randomUUID(), patient, day, 2, PainKind.DAILY, Instant.now()));
            await().atMost(Duration.ofSeconds(20)).until(WaitingForProgrammeTest::aLaneWaitsForALock);
            events.slippedTwiceThenAMorningThatDidNotSettle(patient, programId);
            Thread.sleep(2000); // polled and queued behind the daily check-in by now
            events.programmeIssued(programId, patient, clinician, LocalDate.now().minusDays(7));
            Thread.sleep(2000);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ClinicianView.alerts(clinician, patient))
                .isEqualTo(Set.of("OVL-FORM-BREAKDOWN/clamshell/MEDIUM/DELOAD/OPEN",
                        "OVL-PAIN-DURING/clamshell/MEDIUM/DELOAD/OPEN", "OVL-PAIN-NEXT-MORNING/clamshell/MEDIUM/HOLD/OPEN",
                        "STL-ADHERENCE/null/LOW/null/OPEN")));
        assertThat(QuarkusTransaction.requiringNew().call(() -> PainRecord.<PainRecord>list("patientId", patient)))
                .hasSize(2).allMatch(checkIn -> checkIn.assessed);
    }

    private static boolean aLaneWaitsForALock() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) PainRecord.getEntityManager().createNativeQuery(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").getSingleResult()).intValue() > 0);
    }

    private static boolean known(UUID programId) {
        return QuarkusTransaction.requiringNew().call(() -> PatientProgram.findById(programId) != null);
    }

    /** Sessions and check-ins of the programme's patient stored so far. */
    private static long stored(UUID programId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = PainRecord.getEntityManager().createNativeQuery("SELECT id FROM session_record WHERE program_id = ?1 "
                    + "UNION ALL SELECT p.id FROM pain_record p JOIN session_record s ON s.patient_id = p.patient_id "
                    + "WHERE s.program_id = ?1 GROUP BY p.id").setParameter(1, programId).getResultList();
            return (long) rows.size();
        });
    }


    private static Set<String> rules(Set<String> alerts) {
        return alerts.stream().map(a -> a.substring(0, a.indexOf('/'))).collect(Collectors.toSet());
    }

    /**
     * PRG-2FOR2 asks for no progress while the patient has an unresolved OVERLOAD alert, also one that an earlier
     * event judged in the same pass raised and that is not in the table yet.
     */
    @ParameterizedTest(name = "side-lying abduction hurting {0} in the first session: progress requested {1}")
    @CsvSource({"7, false", "2, true"})
    void noProgressWhileAnEarlierEventOfTheSamePassOverloads(int painInFirst, boolean progressRequested) {
        UUID patient = UUID.randomUUID();
        UUID programId = UUID.randomUUID();
        Instant day = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.DAYS);
        events.logged(twoExercises(patient, programId, day, painInFirst));
        events.logged(twoExercises(patient, programId, day.plus(1, ChronoUnit.DAYS), 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> stored(programId) == 2);
        events.programmeIssued(programId, patient, clinician, LocalDate.now().minusDays(3));

        // the pass commits as a whole: once the programme's events are assessed, its requests are in the table
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                PainRecord.getEntityManager().createNativeQuery("SELECT id FROM session_record WHERE program_id = ?1 "
                        + "AND assessed").setParameter(1, programId).getResultList().size() == 2));
        assertThat(rules(ClinicianView.alerts(clinician, patient)).contains("OVL-PAIN-DURING")).isEqualTo(!progressRequested);
        List<?> requests = QuarkusTransaction.requiringNew().call(() -> PainRecord.getEntityManager()
                .createNativeQuery("SELECT exercise_code FROM progress_request WHERE program_id = ?1 AND rule_code = 'PRG-2FOR2'")
                .setParameter(1, programId).getResultList());
        assertThat(requests).isEqualTo(progressRequested ? List.of("clamshell") : List.of());
    }

    /** Clamshell two reps beyond its target (PRG-2FOR2 after two), side-lying abduction as prescribed. */
    private static WorkoutLogged twoExercises(UUID patient, UUID programId, Instant at, int abductionPain) {
        return new WorkoutLogged(UUID.randomUUID(), patient, programId, 1, at, 30, 5, 1, List.of(
                new WorkoutLogged.Entry("clamshell", Form.CLEAN, 1, List.of(
                        new WorkoutLogged.SetDone(15, null, null, null), new WorkoutLogged.SetDone(17, null, null, null))),
                new WorkoutLogged.Entry("side-lying-hip-abduction", Form.CLEAN, abductionPain, List.of(
                        new WorkoutLogged.SetDone(15, null, null, null), new WorkoutLogged.SetDone(15, null, null, null)))),
                at);
    }
}
