package org.rehabloop.logging.sync;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.rehabloop.logging.checkin.PainCheckInRequest;
import org.rehabloop.logging.session.LogSessionRequest;

import java.util.List;

/**
 * {@code POST /v1/patients/{patientId}/sync}: what an offline phone stored, up to 100 items in all. Items are checked
 * one by one, down to reading them: an item whose JSON cannot be read as a session or check-in is that item's 400, and
 * the others are stored.
 */
public record SyncRequest(
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = LogSessionRequest.class)
        List<JsonNode> sessions,
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = PainCheckInRequest.class)
        List<JsonNode> checkIns) {
    public static final int MAX_ITEMS = 100;

    List<JsonNode> sessionsOrEmpty() {
        return sessions == null ? List.of() : sessions;
    }

    List<JsonNode> checkInsOrEmpty() {
        return checkIns == null ? List.of() : checkIns;
    }
}
