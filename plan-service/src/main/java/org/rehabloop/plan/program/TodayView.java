package org.rehabloop.plan.program;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.rehabloop.contracts.Band;
import org.rehabloop.contracts.Block;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Unit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The session to do on a day: the current phase's blocks in the article's order, each exercise with how to do it. */
@Schema(name = "TodaysSession", description = "The session to do on a day, block by block")
public record TodayView(LocalDate date, UUID programId, int version, Phase phase, List<BlockView> blocks) {

    public record BlockView(Block block, List<ExerciseToDo> exercises) {
    }

    public record ExerciseToDo(String exerciseCode, String name, int sets, int target, Unit unit, boolean perSide,
            BigDecimal loadKg, Band band, List<String> equipment, String instructions) {
    }
}
