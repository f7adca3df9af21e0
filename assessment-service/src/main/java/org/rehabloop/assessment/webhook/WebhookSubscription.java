package org.rehabloop.assessment.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A partner's (or admin's) subscription to events, with its signing secrets. */
@Entity
@Table(name = "webhook_subscription")
public class WebhookSubscription extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID ownerId;
    public boolean ownerIsAdmin;
    public String url;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> events;

    public String description;
    public boolean enabled;
    public String disabledReason;
    public String secret;
    public String previousSecret;
    public Instant previousSecretExpiresAt;
    public Instant failingSince;
    public Instant createdAt;
    public Instant updatedAt;

    /** The secrets that sign now: the current one, and the previous one during its overlap. */
    List<String> signingSecrets(Instant now) {
        return previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)
                ? List.of(secret, previousSecret) : List.of(secret);
    }

    void disable(String reason, Instant now) {
        enabled = false;
        disabledReason = reason;
        updatedAt = now;
    }
}
