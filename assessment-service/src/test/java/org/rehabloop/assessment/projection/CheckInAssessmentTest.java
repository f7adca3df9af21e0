package org.rehabloop.assessment.projection;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.Events;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.PainReported;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rehabloop.assessment.Auth.as;

/**
 * A pain check-in names no programme: it is judged against the programme the patient was on at its time, whenever it
 * arrives, and the rules run for it like for a session.
 */
@QuarkusTest
class CheckInAssessmentTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaCompanion kafka;
    private Events events;
    private final UUID patient = UUID.randomUUID();
    private final UUID clinician = UUID.randomUUID();
    private final UUID programId = UUID.randomUUID();

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrapServers);
        events = new Events(kafka);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    private WorkoutLogged session(Instant at, int painBefore) {
        WorkoutLogged s = Events.session(patient, programId, at, 2, org.rehabloop.contracts.Form.CLEAN);
        return new WorkoutLogged(s.sessionId(), patient, programId, 1, at, 30, 5, painBefore, s.exercises(), at);
    }

    private void checkIn(Instant at, int pain) {
        events.send("workout.events", "rehabloop.pain.reported.v1", patient, UUID.randomUUID().toString(),
                new PainReported(UUID.randomUUID(), patient, at, pain, PainKind.NEXT_MORNING, Instant.now()));
    }

    /** The patient's OVL-PAIN-NEXT-MORNING alerts (so few sessions also raise STL-ADHERENCE, which is not the point here). */
    private Response nextMorningAlerts() {
        return as("clinician", clinician).queryParam("patientId", patient).queryParam("category", "OVERLOAD").get("/v1/alerts");
    }

    @Test
    void anUnsettledMorningHoldsAndTheSecondInAFortnightDeloads() {
        Instant monday = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.DAYS);
        events.programmeIssued(programId, patient, clinician, LocalDate.now().minusDays(10));
        events.logged(session(monday, 3));
        checkIn(monday.plus(15, ChronoUnit.HOURS), 5);
        await().atMost(Duration.ofSeconds(20)).until(() -> nextMorningAlerts().<Integer>path("items.size()") == 1);
        Response first = nextMorningAlerts();
        assertThat(first.<String>path("items[0].ruleCode")).isEqualTo("OVL-PAIN-NEXT-MORNING");
        assertThat(first.<String>path("items[0].severity")).isEqualTo("MEDIUM");
        assertThat(first.<String>path("items[0].adjustment.type")).isEqualTo("HOLD");

        Instant wednesday = monday.plus(2, ChronoUnit.DAYS);
        events.logged(session(wednesday, 2));
        checkIn(wednesday.plus(14, ChronoUnit.HOURS), 4);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELOAD".equals(nextMorningAlerts().path("items[0].adjustment.type")));
        assertThat(nextMorningAlerts().<List<?>>path("items[0].evidence")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aCheckInThatArrivesBeforeItsProgrammeIsJudgedWhenTheProgrammeArrives() {
        Instant day = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.DAYS);
        events.logged(session(day, 1));
        checkIn(day.plus(12, ChronoUnit.HOURS), 6);
        events.programmeIssued(programId, patient, clinician, LocalDate.now().minusDays(7));
        await().atMost(Duration.ofSeconds(20)).until(() -> nextMorningAlerts().<Integer>path("items.size()") == 1);
        assertThat(nextMorningAlerts().<String>path("items[0].ruleCode")).isEqualTo("OVL-PAIN-NEXT-MORNING");
    }

    @Test
    void aSessionAndItsProgrammeArrivingTogetherAreJudgedOnce() {
        // the two topics are consumed in parallel: whichever commits second must see the other
        for (int i = 0; i < 5; i++) {
            UUID patient = UUID.randomUUID();
            UUID program = UUID.randomUUID();
            events.programmeIssued(program, patient, clinician, LocalDate.now());
            events.logged(Events.session(patient, program, Instant.now().minusSeconds(60), 7, org.rehabloop.contracts.Form.CLEAN));
            await().atMost(Duration.ofSeconds(20)).until(() -> as("clinician", clinician).queryParam("patientId", patient)
                    .queryParam("category", "OVERLOAD").get("/v1/alerts").<Integer>path("items.size()") == 1);
        }
    }
}
