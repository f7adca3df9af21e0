package org.rehabloop.kit.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

    public UUID eventId;
    public String topic;

    /** The patient id: the Kafka key and the CloudEvents subject. */
    public String messageKey;

    /** Which relay stream the row belongs to: the same for all of a patient's rows. */
    public short shard;
    public String type;
    public String payload;
    public Instant occurredAt;
    public Instant sentAt;
}
