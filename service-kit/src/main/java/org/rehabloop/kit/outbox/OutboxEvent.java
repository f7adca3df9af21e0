package org.rehabloop.kit.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An event waiting to be published, written in the same transaction as the change it reports. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    @Column(nullable = false)
    public String topic;

    /** The patient id: the Kafka key and the CloudEvents subject. */
    @Column(name = "message_key", nullable = false)
    public String messageKey;

    /** Which relay stream the row belongs to: the same for all of a patient's rows. */
    @Column(nullable = false)
    public short shard;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String payload;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "sent_at")
    public Instant sentAt;
}
