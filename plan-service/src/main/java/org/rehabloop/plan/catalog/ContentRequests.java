package org.rehabloop.plan.catalog;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Block;
import org.rehabloop.contracts.Unit;

import java.math.BigDecimal;
import java.util.List;

/** What an admin sends to add or change content: the catalogue and templates are data, changed without a release. */
public final class ContentRequests {
    static final String CODE = "[a-z][a-z0-9]*(-[a-z0-9]+)*";

    private ContentRequests() {
    }

    public record ExerciseContent(
            @NotBlank @Size(max = 200) String name,
            @NotNull LoadType loadType,
            @NotNull Unit unit,
            @NotNull Boolean perSide,
            @Pattern(regexp = CODE) @Size(max = 64) String easierVariation,
            @Pattern(regexp = CODE) @Size(max = 64) String harderVariation,
            @NotNull @Size(min = 1, max = 20) List<@NotBlank @Size(max = 100) String> targetMuscles,
            @NotNull @Size(max = 20) List<@NotBlank @Size(max = 100) String> equipment,
            @NotBlank @Size(max = 4000) String instructions) {
    }

    public record TemplateContent(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 4000) String description,
            @NotNull @Size(min = 1, max = 10) List<@NotNull @Valid Phase> phases,
            @NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Dose> prescriptions) {
    }

    @Schema(name = "TemplatePhaseContent")
    public record Phase(@NotNull @Min(1) @Max(10) Integer number, @NotBlank @Size(max = 64) String name,
            @Min(1) @Max(52) Integer minimumWeeks, @NotNull @Size(min = 1, max = 4) List<@NotNull Block> blocks) {
    }

    @Schema(name = "TemplateDoseContent")
    public record Dose(
            @NotBlank @Pattern(regexp = CODE) @Size(max = 64) String exerciseCode,
            @NotNull Block block,
            @NotNull @Min(1) @Max(20) Integer sets,
            @NotNull @Min(1) @Max(1000) Integer target,
            @DecimalMin("0.0") @DecimalMax("500.0") BigDecimal loadKg,
            Band band) {
    }
}
