package org.rehabloop.assessment.webhook;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Bodies and views of the webhook API. */
public final class WebhookRequests {
    private WebhookRequests() {
    }

    @Schema(name = "NewWebhook", description = "A webhook subscription to create")
    public record Create(@NotBlank @Size(max = 2000) String url,
            @NotNull @Size(min = 1, max = 10) List<@NotBlank String> events,
            @Size(max = 500) String description) {
    }

    @Schema(name = "WebhookChange", description = "The fields of a subscription to change; absent ones stay")
    public record Change(@Size(max = 2000) String url, @Size(min = 1, max = 10) List<@NotBlank String> events,
            Boolean enabled, @Size(max = 500) String description) {
    }

    @Schema(name = "EntitlementsGrant")
    public record Entitlements(@NotNull @Size(max = 1000) List<@NotNull UUID> clinicianIds,
            @NotNull @Size(max = 10000) List<@NotNull UUID> patientIds) {
    }

    @Schema(name = "Webhook", description = "A webhook subscription")
    public record SubscriptionView(UUID id, UUID ownerId, String url, List<String> events, String description,
            boolean enabled, String disabledReason, Instant failingSince, Instant createdAt, Instant updatedAt) {
        static SubscriptionView of(WebhookSubscription s) {
            return new SubscriptionView(s.id, s.ownerId, s.url, s.events, s.description, s.enabled, s.disabledReason,
                    s.failingSince, s.createdAt, s.updatedAt);
        }
    }

    /** Shown once, when the secret is made: it is never returned again. */
    @Schema(name = "WebhookWithSecret", description = "A subscription with its signing secret, shown only when created or rotated")
    public record WithSecret(SubscriptionView subscription, String secret, Instant previousSecretExpiresAt) {
    }

    /** The answer to a ping or a replay (documentation only; the resource answers the same fields). */
    @Schema(name = "DeliveryQueued", description = "A message queued for delivery, and the `webhook-id` it is sent under")
    public record Queued(UUID deliveryId, String messageId) {
    }
    @Schema(name = "DeliveryAttempt")
    public record AttemptView(Instant at, Integer statusCode, int latencyMs, String error, Instant nextAttemptAt) {
    }

    @Schema(name = "WebhookDelivery", description = "A message to a subscription with its status and attempts")
    public record DeliveryView(UUID id, String messageId, String eventType, WebhookDelivery.Status status, int attempts,
            Instant nextAttemptAt, Instant deliveredAt, Instant createdAt, List<AttemptView> attemptLog) {
    }
}
