package org.rehabloop.logging.checkin;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import org.rehabloop.logging.idempotency.OnceOnly;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.rehabloop.contracts.PainKind;

import java.time.Instant;
import java.util.UUID;

/** A pain rating outside a session: the morning after, or a daily one. */
@Entity
@Table(name = "pain_checkin")
public class PainCheckIn extends PanacheEntityBase implements OnceOnly.PhoneRecord {
    @Id
    public UUID id;

    @Column(name = "patient_id", nullable = false)
    public UUID patientId;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public int pain;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PainKind kind;

    @Column(name = "body_hash", nullable = false)
    public String bodyHash;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Override
    public UUID patientId() {
        return patientId;
    }

    @Override
    public String bodyHash() {
        return bodyHash;
    }
}
