package org.rehabloop.assessment.alert;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;
import org.rehabloop.contracts.AlertChanged;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of an alert as dashboards receive it. {@code seq}, the SSE event id, is given by {@link AlertFeed} after
 * the change committed (commit order); until then it is null and the change is not in the feed.
 */
@Entity
@Table(name = "alert_change")
public class AlertChange extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long seq;

    public UUID alertId;
    public UUID clinicianId;
    public String type;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON copy to compare at commit
    public AlertChanged payload;

    public Instant at;
}
