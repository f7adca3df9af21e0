package org.rehabloop.logging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.rehabloop.contracts.AutoAdjust;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.PlanIssued;
import org.rehabloop.infra.TestEvents;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;

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

    /** The answers to {@code phones} requests sent at the same moment: {@code send} sends the i-th, returns its status. */
    public static List<Integer> atOnce(int phones, IntFunction<Integer> send) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(phones);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < phones; i++) {
                int phone = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return send.apply(phone);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * How many records of {@code events} carry {@code id}, once the first has come and a second one, if there were one,
     * has had a second to follow; stops {@code events}.
     */
    public static long published(ConsumerTask<String, String> events, UUID id) {
        await().atMost(Duration.ofSeconds(20)).until(() -> events.getRecords().stream()
                .anyMatch(r -> r.value().contains(id.toString())));
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        long published = events.getRecords().stream().filter(r -> r.value().contains(id.toString())).count();
        events.stop();
        return published;
    }
}
