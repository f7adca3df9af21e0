package org.rehabloop.logging.sync;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.rehabloop.kit.problem.Problem;

import java.util.List;
import java.util.UUID;

/** One outcome per item, in the order of the request: 201 stored, 200 stored before, 409, 400 or 422 refused. */
public record SyncResult(int stored, int alreadyStored, int refused, List<Item> items) {

    @Schema(name = "SyncItemKind")
    public enum Kind { SESSION, CHECK_IN }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SyncItemResult", description = "What became of one item of the batch: its status, and the problem if it was refused")
    public record Item(Kind kind, int index, UUID id, int status, Problem problem) {
    }

    static SyncResult of(List<Item> items) {
        int stored = (int) items.stream().filter(i -> i.status() == 201).count();
        int again = (int) items.stream().filter(i -> i.status() == 200).count();
        return new SyncResult(stored, again, items.size() - stored - again, items);
    }
}
