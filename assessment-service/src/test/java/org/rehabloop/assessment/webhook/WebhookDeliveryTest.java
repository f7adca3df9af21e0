package org.rehabloop.assessment.webhook;

import com.standardwebhooks.Webhook;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.rehabloop.assessment.Events;
import org.rehabloop.contracts.Form;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.rehabloop.assessment.Auth.as;

/** Standard Webhooks to a receiver on loopback, every request verified with the independent library. */
@QuarkusTest
class WebhookDeliveryTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    WebhookMessages messages;

    @Inject
    WebhookDispatcher dispatcher;

    private final UUID partner = UUID.randomUUID();

    private Map<String, Object> subscribe(String url, List<String> events) {
        return as("partner", partner).contentType(ContentType.JSON)
                .body(Map.of("url", url, "events", events, "description", "clinic records"))
                .post("/v1/webhooks").then().statusCode(201).body("secret", startsWith("whsec_"))
                .extract().as(Map.class);
    }

    @SuppressWarnings("unchecked")
    private static String id(Map<String, Object> created) {
        return (String) ((Map<String, Object>) created.get("subscription")).get("id");
    }

    private static void verified(Receiver.Request request, String secret) {
        assertThatCode(() -> new Webhook(secret).verify(request.body(), Map.of(
                "webhook-id", List.of(request.header("webhook-id")),
                "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                "webhook-signature", List.of(request.header("webhook-signature")))))
                .as("signature of " + request.header("webhook-id")).doesNotThrowAnyException();
    }

    @Test
    void failuresTimeoutsAndRetryAfterAreRetriedUnderOneIdUntilDelivered() {
        try (Receiver receiver = new Receiver(Receiver.Answer.status(500), new Receiver.Answer(200, null, 1_500),
                new Receiver.Answer(429, "1", 0))) {
            Map<String, Object> created = subscribe(receiver.url(), List.of("alert.raised"));
            String id = id(created);
            as("partner", partner).post("/v1/webhooks/" + id + "/ping").then().statusCode(202);

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests.size() >= 4);
            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(as("partner", partner)
                    .get("/v1/webhooks/" + id + "/deliveries").path("[0].status")));
            List<Receiver.Request> got = receiver.requests;
            assertThat(got).hasSize(4);
            assertThat(got).extracting(r -> r.header("webhook-id")).containsOnly(got.get(0).header("webhook-id"));
            got.forEach(r -> verified(r, (String) created.get("secret")));
            assertThat(Duration.between(got.get(2).at(), got.get(3).at())).as("Retry-After: 1 honoured")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(got.get(0).body()).contains("\"type\":\"webhook.ping\"").contains("\"timestamp\"").contains("\"data\"");
            as("partner", partner).get("/v1/webhooks/" + id + "/deliveries").then()
                    .body("[0].attempts", equalTo(4))
                    .body("[0].attemptLog.statusCode", org.hamcrest.Matchers.contains(500, null, 429, 200))
                    .body("[0].attemptLog[1].error", containsString("no answer within"));
        }
    }

    @Test
    void anAnswerWithoutABodyIsReadEveryTime() {
        // such an answer can end before the sender looks at it; a 500 was once logged as "Response already ended"
        try (Receiver receiver = new Receiver()) {
            List<WebhookDispatcher.Outcome> outcomes = IntStream.range(0, 400)
                    .mapToObj(i -> dispatcher.post(new WebhookDispatcher.Claimed(UUID.randomUUID(), "msg_" + i, "{}",
                            receiver.url(), List.of(Signer.newSecret()), Instant.now())))
                    .toList();
            assertThat(outcomes).extracting(WebhookDispatcher.Outcome::error).containsOnlyNulls();
            assertThat(outcomes).extracting(WebhookDispatcher.Outcome::status).containsOnly(200);
            assertThat(receiver.requests).hasSize(400);
        }
    }

    @Test
    void aSlowEndpointDoesNotHoldUpTheOthers() {
        try (Receiver slow = new Receiver(new Receiver.Answer(200, null, 3_000)); Receiver fast = new Receiver()) {
            String slowId = id(subscribe(slow.url(), List.of("alert.raised")));
            String fastId = id(subscribe(fast.url(), List.of("alert.raised")));
            as("partner", partner).post("/v1/webhooks/" + slowId + "/ping").then().statusCode(202);
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.requests.size() == 1);
            Instant asked = Instant.now();
            as("partner", partner).post("/v1/webhooks/" + fastId + "/ping").then().statusCode(202);
            await().atMost(Duration.ofSeconds(5)).until(() -> fast.requests.size() == 1);
            assertThat(Duration.between(asked, fast.requests.get(0).at())).as("delivered while the slow one still stalls")
                    .isLessThan(Duration.ofMillis(900));
        }
    }

    @Test
    void aSubscriptionFailingForFiveDaysIsDisabledWithTheReason() {
        try (Receiver receiver = new Receiver(Receiver.Answer.status(500))) {
            String id = id(subscribe(receiver.url(), List.of("alert.raised")));
            QuarkusTransaction.requiringNew().run(() -> WebhookSubscription.<WebhookSubscription>findById(UUID.fromString(id))
                    .failingSince = Instant.now().minus(Duration.ofDays(5)).minusSeconds(60));
            as("partner", partner).post("/v1/webhooks/" + id + "/ping").then().statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(as("partner", partner)
                    .get("/v1/webhooks/" + id).path("enabled")));
            as("partner", partner).get("/v1/webhooks/" + id).then().body("disabledReason", containsString("HTTP 500"));
        }
    }

    @Test
    void aGoneEndpointDisablesTheSubscriptionAtOnce() {
        try (Receiver receiver = new Receiver(Receiver.Answer.status(410))) {
            String id = id(subscribe(receiver.url(), List.of("alert.raised")));
            as("partner", partner).post("/v1/webhooks/" + id + "/ping").then().statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(as("partner", partner)
                    .get("/v1/webhooks/" + id).path("enabled")));
            as("partner", partner).get("/v1/webhooks/" + id).then().body("disabledReason", containsString("410"));
            assertThat(receiver.requests).hasSize(1);
        }
    }

    @Test
    void aDeliveryLeftClaimedByACrashedSenderIsSentOnceWhenItsLeaseRunsOut() {
        try (Receiver receiver = new Receiver()) {
            String id = id(subscribe(receiver.url(), List.of("alert.raised")));
            Instant claimedUntil = Instant.now().plusSeconds(2);
            QuarkusTransaction.requiringNew().run(() -> {
                WebhookDelivery d = messages.enqueue(WebhookSubscription.findById(UUID.fromString(id)), "webhook.ping", null,
                        Map.of("note", "claimed by an instance that then died"), Instant.now());
                d.leaseUntil = claimedUntil;
            });
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests.size() == 1);
            assertThat(receiver.requests.get(0).at()).isAfterOrEqualTo(claimedUntil);
            await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(as("partner", partner)
                    .get("/v1/webhooks/" + id + "/deliveries").path("[0].status")));
            assertThat(receiver.requests).hasSize(1);
        }
    }

    @Test
    void rotationSignsWithBothSecretsAndReplayKeepsTheId() {
        try (Receiver receiver = new Receiver()) {
            Map<String, Object> created = subscribe(receiver.url(), List.of("alert.raised"));
            String id = id(created);
            String newSecret = as("partner", partner).post("/v1/webhooks/" + id + "/rotate-secret").then().statusCode(200)
                    .extract().path("secret");
            as("partner", partner).post("/v1/webhooks/" + id + "/ping").then().statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests.size() == 1);
            Receiver.Request first = receiver.requests.get(0);
            assertThat(first.header("webhook-signature").split(" ")).hasSize(2);
            verified(first, newSecret);
            verified(first, (String) created.get("secret"));
            as("partner", partner).get("/v1/webhooks/" + id).then().body("secret", org.hamcrest.Matchers.nullValue());

            String delivery = as("partner", partner).get("/v1/webhooks/" + id + "/deliveries").path("[0].id");
            as("partner", partner).post("/v1/webhooks/" + id + "/deliveries/" + delivery + "/replay").then().statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests.size() == 2);
            assertThat(receiver.requests.get(1).header("webhook-id")).isEqualTo(first.header("webhook-id"));
        }
    }

    @Test
    void anAlertReachesOnlyPartnersEntitledToItsPatient() {
        UUID clinician = UUID.randomUUID();
        UUID patient = UUID.randomUUID();
        UUID programId = UUID.randomUUID();
        UUID outsider = UUID.randomUUID();
        try (Receiver entitled = new Receiver(); Receiver other = new Receiver()) {
            Map<String, Object> created = subscribe(entitled.url(), List.of("alert.raised", "plan.issued"));
            as("partner", outsider).contentType(ContentType.JSON)
                    .body(Map.of("url", other.url(), "events", List.of("alert.raised", "plan.issued")))
                    .post("/v1/webhooks").then().statusCode(201);
            as("admin", UUID.randomUUID()).contentType(ContentType.JSON)
                    .body(Map.of("clinicianIds", List.of(clinician), "patientIds", List.of()))
                    .put("/v1/partners/" + partner + "/entitlements").then().statusCode(200)
                    .body("clinicianIds", hasItem(clinician.toString()));
            try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
                Events events = new Events(kafka);
                events.programmeIssued(programId, patient, clinician, LocalDate.now());
                events.logged(Events.session(patient, programId, Instant.now().minusSeconds(600), 8, Form.CLEAN));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> entitled.requests.stream()
                    .anyMatch(r -> r.body().contains("\"type\":\"alert.raised\"") && r.body().contains(patient.toString())));
            assertThat(entitled.requests).anyMatch(r -> r.body().contains("\"type\":\"plan.issued\""));
            entitled.requests.forEach(r -> verified(r, (String) created.get("secret")));
            assertThat(other.requests).noneMatch(r -> r.body().contains(patient.toString()));
        }
    }

    @Test
    void partnersManageOnlyTheirOwnAndInternalUrlsAreRefused() {
        String id = id(subscribe("https://93.184.216.34/hook", List.of("plan.adjusted")));
        as("partner", UUID.randomUUID()).get("/v1/webhooks/" + id).then().statusCode(404);
        as("partner", UUID.randomUUID()).delete("/v1/webhooks/" + id).then().statusCode(404);
        as("clinician", UUID.randomUUID()).get("/v1/webhooks").then().statusCode(403);
        as("admin", UUID.randomUUID()).get("/v1/webhooks/" + id).then().statusCode(200);
        as("partner", partner).contentType(ContentType.JSON).body(Map.of("enabled", false))
                .patch("/v1/webhooks/" + id).then().statusCode(200).body("enabled", equalTo(false));
        for (String url : List.of("https://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data", "https://[::1]/hook",
                "https://192.168.0.10/hook")) {
            as("partner", partner).contentType(ContentType.JSON).body(Map.of("url", url, "events", List.of("alert.raised")))
                    .post("/v1/webhooks").then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", hasItem("url"));
        }
        as("partner", partner).contentType(ContentType.JSON).body(Map.of("url", "https://93.184.216.34/hook", "events", List.of("alert.deleted")))
                .post("/v1/webhooks").then().statusCode(400).body("violations.field", hasItem("events[0]"));
        as("partner", partner).delete("/v1/webhooks/" + id).then().statusCode(204);
        as("partner", partner).get("/v1/webhooks/" + id).then().statusCode(404);
    }
}
