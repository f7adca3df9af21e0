package org.rehabloop.assessment.alert;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;
import org.rehabloop.contracts.AlertCategory;
import org.rehabloop.contracts.AlertChanged;
import org.rehabloop.contracts.AlertStatus;
import org.rehabloop.contracts.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** A finding put in front of the clinician. At most one unresolved alert per (patient, rule, exercise). */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID patientId;
    public UUID clinicianId;
    public UUID programId;
    public String ruleCode;
    public String exerciseCode;

    @Enumerated(EnumType.STRING)
    public AlertCategory category;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    public String title;
    public String message;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON copy to compare at commit
    public List<AlertChanged.Evidence> evidence = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON copy to compare at commit
    public AlertChanged.Adjustment adjustment;

    @Enumerated(EnumType.STRING)
    public AlertStatus status;

    public String statusNote;
    public Instant createdAt;
    public Instant updatedAt;

    /**
     * The patient's unresolved alerts by {@link #key}, locked until the transaction ends (as {@link #forChange} does), read
     * once for all the findings of an assessment: what is changed was read after the last change committed, and the
     * changes of one alert reach the feed in order.
     */
    public static Map<String, Alert> unresolvedOf(UUID patientId) {
        return unresolvedOf(List.of(patientId)).get(patientId);
    }

    /**
     * {@link #unresolvedOf(UUID)} for several patients in one query, by patient (one with none has an empty map), all
     * locked until the transaction ends. A native query with the ids as one array: a JPQL {@code in} list is expanded to
     * one parameter per id, and Hibernate translated the query again for every count of patients (in a replay, over half
     * of this read's time).
     */
    @SuppressWarnings("unchecked")
    public static Map<UUID, Map<String, Alert>> unresolvedOf(Collection<UUID> patientIds) {
        Map<UUID, Map<String, Alert>> byPatient = new HashMap<>();
        if (patientIds.isEmpty()) {
            return byPatient;
        }
        patientIds.forEach(id -> byPatient.put(id, new HashMap<>()));
        List<Alert> alerts = getEntityManager().createNativeQuery("SELECT * FROM alert WHERE patient_id = ANY(CAST(?1 AS uuid[])) "
                        + "AND status <> ?2 FOR UPDATE", Alert.class)
                .setParameter(1, patientIds.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")))
                .setParameter(2, AlertStatus.RESOLVED.name())
                .getResultList();
        alerts.forEach(alert -> byPatient.get(alert.patientId).put(key(alert.ruleCode, alert.exerciseCode), alert));
        return byPatient;
    }

    /** What at most one unresolved alert of a patient has: its rule and exercise. */
    public static String key(String ruleCode, String exerciseCode) {
        return ruleCode + "|" + (exerciseCode == null ? "" : exerciseCode);
    }

    /**
     * The alert, locked until the transaction ends, to change it: a clinician's acknowledgement and a rule's new
     * evidence for the same alert then follow each other instead of one overwriting the other.
     */
    public static Alert forChange(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public AlertChanged toEvent() {
        return new AlertChanged(id, patientId, clinicianId, programId, ruleCode, exerciseCode, category, severity, title,
                message, List.copyOf(evidence), adjustment, status, createdAt, updatedAt);
    }
}
