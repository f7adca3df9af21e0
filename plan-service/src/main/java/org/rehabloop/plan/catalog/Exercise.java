package org.rehabloop.plan.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.rehabloop.contracts.Unit;

import java.util.List;

/** An exercise of the catalogue, with its easier and harder variations. */
@Entity
@Table(name = "exercise")
public class Exercise extends PanacheEntityBase {
    @Id
    public String code;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "load_type", nullable = false)
    public LoadType loadType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Unit unit;

    @Column(name = "per_side", nullable = false)
    public boolean perSide;

    @Column(name = "easier_code")
    public String easierCode;

    @Column(name = "harder_code")
    public String harderCode;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "target_muscles", nullable = false)
    public List<String> targetMuscles;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> equipment;

    @Column(nullable = false)
    public String instructions;
}
