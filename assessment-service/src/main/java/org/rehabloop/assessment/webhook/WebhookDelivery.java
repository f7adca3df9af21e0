package org.rehabloop.assessment.webhook;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One message for one subscription, durable until delivered or given up. */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery extends PanacheEntityBase {
    @Schema(name = "DeliveryStatus")
    public enum Status { PENDING, DELIVERED, FAILED }

    @Id
    public UUID id;

    /** The {@code webhook-id}: the same on every attempt and replay. */
    public String messageId;
    public UUID subscriptionId;
    public String eventType;
    public String body;
    public UUID patientId;

    @Enumerated(EnumType.STRING)
    public Status status;

    public int attempts;
    public Instant nextAttemptAt;
    public Instant leaseUntil;
    public Instant deliveredAt;
    public Instant createdAt;
}
