package org.rehabloop.logging.idempotency;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;
import java.util.UUID;

/** A record a phone made and named with its own id: whose it is, the hash of the body it came with, when it came. */
@MappedSuperclass
public abstract class PhoneRecord extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID patientId;
    public String bodyHash;
    public Instant receivedAt;
}
