package org.rehabloop.logging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.rehabloop.contracts.AutoAdjust;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.PlanIssued;
import org.rehabloop.infra.TestEvents;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A patient with a programme logging-service has learnt from plan.events, and bodies the phone would send. */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private Fixtures() {
    }

    public static void programmeIssued(KafkaCompanion kafka, UUID programId, UUID patient, UUID clinician) throws Exception {
        PlanIssued issued = new PlanIssued(programId, patient, clinician, "hip-strength-knee-pain", 1, 3,
                AutoAdjust.SAFE, LocalDate.now(), new Phase(1, "Activation", LocalDate.now()), List.of(), Instant.now());
        kafka.produceStrings().fromRecords(TestEvents.cloudEvent("plan.events", patient.toString(),
                "rehabloop.plan.issued.v1", UUID.randomUUID().toString(), JSON.writeValueAsString(issued))).awaitCompletion();
    }

    public static Map<String, Object> session(UUID id, UUID programId, int painDuring) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("programId", programId);
        body.put("programVersion", 1);
        body.put("performedAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("durationMinutes", 30);
        body.put("sessionRpe", 6);
        body.put("painBefore", 2);
        body.put("exercises", List.of(Map.of("exerciseCode", "clamshell", "form", "CLEAN", "painDuring", painDuring,
                "sets", List.of(Map.of("count", 15), Map.of("count", 15)))));
        return body;
    }

    /** A request body as JSON text, to be edited where a phone's bytes cannot be built from Java objects. */
    public static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> checkIn(UUID id, int pain) {
        return new HashMap<>(Map.of("id", id, "at", Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "pain", pain, "kind", "NEXT_MORNING"));
    }
}
