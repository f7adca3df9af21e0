package org.rehabloop.plan.catalog;

import org.rehabloop.contracts.Block;

import java.util.List;

/** A phase of a template: the blocks it brings in and how long it lasts at least (null: no minimum). */
public record TemplatePhase(int number, String name, Integer minimumWeeks, List<Block> blocks) {
}
