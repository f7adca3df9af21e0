package org.rehabloop.plan.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.List;
import java.util.Optional;

/** A programme template: its phases; its default doses are {@link TemplatePrescription} rows. */
@Entity
@Table(name = "program_template")
public class ProgramTemplate extends PanacheEntityBase {
    @Id
    public String code;

    public String name;
    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<TemplatePhase> phases;

    public Optional<TemplatePhase> phase(int number) {
        return phases.stream().filter(p -> p.number() == number).findFirst();
    }
}
