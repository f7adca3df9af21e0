package org.rehabloop.plan.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

    public String name;

    @Enumerated(EnumType.STRING)
    public LoadType loadType;

    @Enumerated(EnumType.STRING)
    public Unit unit;

    public boolean perSide;
    public String easierCode;
    public String harderCode;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> targetMuscles;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> equipment;

    public String instructions;
}
