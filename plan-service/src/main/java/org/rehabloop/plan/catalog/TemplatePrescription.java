package org.rehabloop.plan.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Block;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** A template's default dose of one exercise, in session order. */
@Entity
@Table(name = "template_prescription")
@IdClass(TemplatePrescription.Key.class)
public class TemplatePrescription extends PanacheEntityBase {
    @Id
    public String templateCode;

    @Id
    public String exerciseCode;

    public int position;

    @Enumerated(EnumType.STRING)
    public Block block;

    public int sets;
    public int target;
    public BigDecimal loadKg;

    @Enumerated(EnumType.STRING)
    public Band band;

    public static List<TemplatePrescription> of(String templateCode) {
        return list("templateCode = ?1 order by position", templateCode);
    }

    public static class Key implements Serializable {
        public String templateCode;
        public String exerciseCode;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(templateCode, k.templateCode) && Objects.equals(exerciseCode, k.exerciseCode);
        }

        @Override
        public int hashCode() {
            return Objects.hash(templateCode, exerciseCode);
        }
    }
}
