package org.rehabloop.logging.checkin;

import org.rehabloop.logging.idempotency.PhoneRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import org.rehabloop.contracts.PainKind;

import java.time.Instant;

/** A pain rating outside a session: the morning after, or a daily one. */
@Entity
@Table(name = "pain_checkin")
public class PainCheckIn extends PhoneRecord {
    public Instant at;
    public int pain;

    @Enumerated(EnumType.STRING)
    public PainKind kind;
}
