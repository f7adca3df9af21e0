package org.rehabloop.assessment.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One try at delivering: when, what came back, how long it took, and when the next try is. */
@Entity
@Table(name = "webhook_attempt")
public class WebhookAttempt extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public UUID deliveryId;
    public Instant at;
    public Integer statusCode;
    public int latencyMs;
    public String error;
    public Instant nextAttemptAt;
}
